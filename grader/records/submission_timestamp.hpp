// Late info for a grade record from nbgrader's submitted/<student>/<assignment>/timestamp.txt:
// its stripped content, as read, and that time in RFC 3339 UTC, parsed as nbgrader does
// (nbgrader_timestamp.hpp).
#pragma once

#include <string>
#include <string_view>

#include "grader/records/grade_record.hpp"

namespace gradebox::records {

// timestamp.txt is a line; anything longer is not one.
inline constexpr std::size_t max_timestamp_txt_bytes = 4096;

// The late info of timestamp.txt's bytes (read with the rest of the submission, before any of
// its code ran). Throws std::runtime_error naming `origin` and quoting the content when it is not
// a timestamp nbgrader reads (nbgrader exits 1 there) or is larger than max_timestamp_txt_bytes.
LateInfo submission_timestamp_from_text(std::string_view text, const std::string& origin);

}  // namespace gradebox::records
