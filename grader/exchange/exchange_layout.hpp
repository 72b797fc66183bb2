// The nbgrader filesystem exchange: where things are and with which modes, exactly as nbgrader's
// default exchange (nbgrader/exchange/default/) lays them out, so nbgrader's student and
// instructor commands keep working against an exchange gradebox writes, and the other way round:
//
//   <root>/                                   01777 (nbgrader: 0777; gradebox adds the sticky bit
//                                             so no student can rename a course away)
//   <root>/<course_id>/                       0755, owned by the instructor
//   <root>/<course_id>/outbound/<a>/          0755 folders, 0644 files: the released assignment
//   <root>/<course_id>/inbound/               02733: students create entries but cannot list
//   <root>/<course_id>/inbound/<student>+<a>+<timestamp>+<random>/
//                                             one submission: 0777 itself (so the instructor can
//                                             remove it), 0755 folders, 0644 files, with
//                                             timestamp.txt and submission_secret.txt
//   <root>/<course_id>/feedback/              0711: a student opens <hash>.html by name only
//   <root>/<course_id>/feedback/<md5(submission_secret + notebook_id)>.html
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "grader/course_config.hpp"

namespace gradebox::exchange {

inline constexpr mode_t kRootMode = 01777;
inline constexpr mode_t kCourseMode = 0755;
inline constexpr mode_t kOutboundMode = 0755;
inline constexpr mode_t kInboundMode = 02733;
inline constexpr mode_t kFeedbackMode = 0711;
inline constexpr mode_t kSharedFolderMode = 0755;  // folders inside a release or a submission
inline constexpr mode_t kSharedFileMode = 0644;    // files inside a release, submission, feedback
inline constexpr mode_t kSubmissionMode = 0777;    // the top folder of one submission

inline constexpr const char* kTimestampFile = "timestamp.txt";
inline constexpr const char* kSecretFile = "submission_secret.txt";

// One course in one exchange.
struct ExchangeCourse {
  std::filesystem::path root;
  std::string course_id;

  std::filesystem::path course_dir() const { return root / course_id; }
  std::filesystem::path outbound() const { return course_dir() / "outbound"; }
  std::filesystem::path inbound() const { return course_dir() / "inbound"; }
  std::filesystem::path feedback() const { return course_dir() / "feedback"; }
};

// The name of one submission in inbound/ (and, without `random`, in the student's cache).
struct InboundName {
  std::string student;
  std::string assignment;
  std::string timestamp;  // nbgrader's "%Y-%m-%d %H:%M:%S.%f %Z"
  std::string random;     // empty in the cache

  std::string str() const;
};

// nbgrader's collect: the name split from the right on '+' into at most four parts (so a student
// id may hold '+'); nullopt when fewer than three.
std::optional<InboundName> parse_inbound_name(std::string_view name);

// nbgrader's random part: urlsafe base64 of 9 random bytes (12 characters).
std::string random_suffix();

// Where a student keeps an assignment: <assignment_dir>/<a>, or <assignment_dir>/<course>/<a>
// with Exchange.path_includes_course.
std::filesystem::path student_assignment_dir(const std::filesystem::path& assignment_dir,
                                             const ExchangeSettings& settings,
                                             const std::string& course_id,
                                             const std::string& assignment);

// A course id or assignment name used as one path component of the exchange: nullopt when fine,
// else why not ('/', '+', '*', a leading '.', empty, control characters).
std::optional<std::string> exchange_name_problem(std::string_view what, std::string_view name);

}  // namespace gradebox::exchange
