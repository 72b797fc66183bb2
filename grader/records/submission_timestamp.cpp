// Owns reading timestamp.txt into a record's late info.
#include "grader/records/submission_timestamp.hpp"

#include <stdexcept>

#include "grader/records/nbgrader_timestamp.hpp"

namespace gradebox::records {

LateInfo submission_timestamp_from_text(std::string_view text, const std::string& origin) {
  if (text.size() > max_timestamp_txt_bytes)
    throw std::runtime_error(origin + ": larger than " + std::to_string(max_timestamp_txt_bytes) +
                             " bytes, not a timestamp");
  // nbgrader reads the whole file and strips it (coursedir.py, api.py).
  const std::string content(text);
  const auto parsed = parse_nbgrader_timestamp(content);
  if (!parsed.utc) throw std::runtime_error(origin + ": " + parsed.error);
  const auto first = content.find_first_not_of(" \t\r\n\f\v");
  const auto last = content.find_last_not_of(" \t\r\n\f\v");
  return {format_rfc3339_utc(*parsed.utc),
          first == std::string::npos ? "" : content.substr(first, last - first + 1)};
}

}  // namespace gradebox::records
