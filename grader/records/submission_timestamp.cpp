// Owns reading timestamp.txt into a record's late info.
#include "grader/records/submission_timestamp.hpp"

#include <stdexcept>

#include "grader/records/file_io.hpp"
#include "grader/records/nbgrader_timestamp.hpp"

namespace gradebox::records {
namespace fs = std::filesystem;

LateInfo read_submission_timestamp(const fs::path& timestamp_txt) {
  std::error_code ec;
  const auto status = fs::symlink_status(timestamp_txt, ec);
  if (!fs::exists(status)) return {};
  if (!fs::is_regular_file(status))
    throw std::runtime_error(timestamp_txt.string() + ": not a regular file");
  if (fs::file_size(timestamp_txt, ec) > max_timestamp_txt_bytes)
    throw std::runtime_error(timestamp_txt.string() + ": larger than " +
                             std::to_string(max_timestamp_txt_bytes) + " bytes, not a timestamp");
  return submission_timestamp_from_text(read_file(timestamp_txt), timestamp_txt.string());
}

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
