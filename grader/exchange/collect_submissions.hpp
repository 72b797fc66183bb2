// `gradebox collect`: nbgrader's collect. For each student, the latest submission of the
// assignment in inbound/ (by the timestamp in its name, as nbgrader) is read into memory through
// directory fds (no link followed, regular files only, the grading caps: inbound/ is written by
// students) and taken in as submitted/<student>/<a>/ with its timestamp.txt by the shared intake
// (course/submission_intake.hpp). Trust rules beyond nbgrader's:
//   - a submission folder not owned by the student it names (by login name) is not collected
//     (nbgrader only warns), so nobody can submit in another student's name; exchange.check_owner
//     = false (ExchangeCollect.check_owner = False) collects it anyway, for hubs where every
//     student is the same uid;
//   - an already collected submission is replaced only with `update` and a newer timestamp, and
//     is then kept aside by the intake, never dropped silently.
// Every collected submission is appended to <course>/.gradebox/collect/<a>.log with its
// submission_sha256 (the digest a student's receipt and the grade record carry).
#pragma once

#include <string>

#include "grader/course_config.hpp"
#include "grader/exchange/exchange_layout.hpp"
#include "grader/exchange/exchange_report.hpp"

namespace gradebox::exchange {

struct CollectRequest {
  std::string assignment;
  std::string student;  // only this student when not empty
  bool update = false;
};

ExchangeReport collect_submissions(const CourseConfig& config, const ExchangeCourse& course,
                                   const CollectRequest& request);

}  // namespace gradebox::exchange
