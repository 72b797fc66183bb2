// `gradebox release-feedback`: nbgrader's release_feedback. For each student's
// feedback/<student>/<a>/<notebook>.html (written by `gradebox feedback`), publishes it as
// <exchange>/<course_id>/feedback/<md5(secret + notebook)>.html (feedback_hash.hpp), the secret
// being the submission_secret.txt of the collected submission (submitted/<student>/<a>/, read
// without following links). Written under a temporary name and renamed, so a student never reads
// half a page; the feedback/ folder is 0711 so nobody can list whose feedback is there.
// A submission without a secret (collected from a zip, or submitted by hand) is reported: its
// author has no way to find the page.
#pragma once

#include <string>

#include "grader/course_config.hpp"
#include "grader/exchange/exchange_layout.hpp"
#include "grader/exchange/exchange_report.hpp"

namespace gradebox::exchange {

ExchangeReport release_feedback(const CourseConfig& config, const ExchangeCourse& course,
                                const std::string& assignment, const std::string& only_student);

}  // namespace gradebox::exchange
