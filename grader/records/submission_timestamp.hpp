// Late info for a grade record from nbgrader's submitted/<student>/<assignment>/timestamp.txt:
// its first line, as read, and that time in RFC 3339 UTC (rfc3339.hpp says which forms parse).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "grader/records/grade_record.hpp"

namespace gradebox::records {

// A missing file gives empty LateInfo (treated as on time at export). Throws std::runtime_error
// naming the file when it exists but its first line is not a timestamp.
LateInfo read_submission_timestamp(const std::filesystem::path& timestamp_txt);
// The same from the file's bytes already read; `origin` names the file in the error.
LateInfo submission_timestamp_from_text(std::string_view text, const std::string& origin);

}  // namespace gradebox::records
