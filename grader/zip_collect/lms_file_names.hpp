// How an LMS's bulk download names each submitted file, as named-group regexes in the form of
// nbgrader's FileNameCollectorPlugin.named_regexp (groups student_id, file_id, timestamp; plus
// full_name, first_name, last_name and email to find the student in the roster). Matched against
// the entry's path inside the archive:
//   Canvas      <lastfirst>_[late_]<canvas user id>_<submission id>_<file name>
//               e.g. "doejane_late_123456_7890123_ps1.ipynb" (Canvas adds "-1", "-2" before
//               the extension of a file resubmitted under the same name: "ps1-1.ipynb")
//   Moodle      <Full Name>_<participant id>_assignsubmission_file_/<file path>  (one folder per
//               student, "Download submissions in folders"), or the older flat form
//               <Full Name>_<participant id>_assignsubmission_file_<file name>
//   Blackboard  <Assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<file name>
//               (the attempt's .txt receipt has no file name part and is not a submitted file)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grader/zip_collect/named_regex.hpp"

namespace gradebox::zip_collect {

enum class FileNameSource { canvas, moodle, blackboard, regex };
const char* source_name(FileNameSource source);

struct FileNamePattern {
  FileNameSource source;
  NamedRegex regex;
};

// Canvas, Moodle and Blackboard, tried in this order.
std::vector<FileNamePattern> lms_file_name_patterns();
// The instructor's own regex (--regex). Throws std::invalid_argument when it does not compile or
// lacks the student_id or file_id group.
FileNamePattern custom_file_name_pattern(const std::string& pattern);

struct MatchedFileName {
  FileNameSource source = FileNameSource::regex;
  std::string student_key;  // the student_id group: an LMS id, a user name or a student id
  std::string full_name;    // full_name, or first_name + " " + last_name; empty when neither
  std::string email;
  std::string file_id;    // relative path in the submission, per nbgrader (see destination)
  std::string timestamp;  // the timestamp group as matched; empty when none
};

// The first pattern matching `path`, as nbgrader: a match with an empty student_id or file_id
// does not count.
std::optional<MatchedFileName> match_file_name(std::string_view path,
                                               const std::vector<FileNamePattern>& patterns);

// Python's os.path.splitext(path)[1]: the last '.' of the last component, unless it leads it.
std::string python_extension(std::string_view path);
// nbgrader's name of the file in the submission: splitext(file_id)[0] + the entry's extension.
std::string destination_name(const MatchedFileName& matched, std::string_view entry_path);

}  // namespace gradebox::zip_collect
