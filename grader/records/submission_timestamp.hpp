// Late info for a grade record from nbgrader's submitted/<student>/<assignment>/timestamp.txt:
// its first line, as read, and that time in RFC 3339 UTC (rfc3339.hpp says which forms parse).
#pragma once

#include <filesystem>

#include "grader/records/grade_record.hpp"

namespace gradebox::records {

// A missing file gives empty LateInfo (treated as on time at export). Throws std::runtime_error
// naming the file when it exists but its first line is not a timestamp.
LateInfo read_submission_timestamp(const std::filesystem::path& timestamp_txt);

}  // namespace gradebox::records
