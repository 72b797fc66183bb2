// Owns reading timestamp.txt into a record's late info.
#include "grader/records/submission_timestamp.hpp"

#include <stdexcept>

#include "grader/records/file_io.hpp"
#include "grader/records/rfc3339.hpp"

namespace gradebox::records {

LateInfo read_submission_timestamp(const std::filesystem::path& timestamp_txt) {
  std::error_code ec;
  if (!std::filesystem::exists(timestamp_txt, ec)) return {};
  return submission_timestamp_from_text(read_file(timestamp_txt), timestamp_txt.string());
}

LateInfo submission_timestamp_from_text(std::string_view text, const std::string& origin) {
  std::string line(text.substr(0, text.find('\n')));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto time = parse_timestamp(line);
  if (!time) {
    throw std::runtime_error(origin + ": \"" + line +
                             "\" is not a timestamp (expected e.g. \"2019-05-30 11:44:01.911849 UTC\")");
  }
  return {format_rfc3339_utc(*time), line};
}

}  // namespace gradebox::records
