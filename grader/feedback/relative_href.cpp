// Owns relative, percent-encoded links between feedback files.
#include "grader/feedback/relative_href.hpp"

namespace gradebox::feedback {

std::string percent_encode_segment(const std::string& segment) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : segment) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string relative_href(const std::vector<std::string>& segments) {
  std::string href = ".";
  for (const auto& segment : segments) href += "/" + percent_encode_segment(segment);
  return href;
}

}  // namespace gradebox::feedback
