// Late info for a grade record from nbgrader's submitted/<student>/<assignment>/timestamp.txt:
// its stripped content, as read, and that time in RFC 3339 UTC, parsed as nbgrader does
// (nbgrader_timestamp.hpp).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "grader/records/grade_record.hpp"

namespace gradebox::records {

// timestamp.txt is a line; anything longer is not one.
inline constexpr std::size_t max_timestamp_txt_bytes = 4096;

// A missing file gives empty LateInfo (treated as on time at export). Throws std::runtime_error
// naming the file and quoting its content when it exists but is not a timestamp nbgrader reads
// (nbgrader exits 1 there), is not a regular file, or is larger than max_timestamp_txt_bytes.
LateInfo read_submission_timestamp(const std::filesystem::path& timestamp_txt);
// The same from the file's bytes already read; `origin` names the file in the error.
LateInfo submission_timestamp_from_text(std::string_view text, const std::string& origin);

}  // namespace gradebox::records
