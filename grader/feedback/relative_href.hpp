// Links between feedback files: always relative to the page holding them and percent-encoded per
// path segment (RFC 3986: everything but A-Z a-z 0-9 - . _ ~ becomes %XX), so no student id or
// notebook name can turn a link into another scheme or site ("https:attacker.example" becomes
// "./https%3Aattacker.example/...").
#pragma once

#include <string>
#include <vector>

namespace gradebox::feedback {

std::string percent_encode_segment(const std::string& segment);

// "./" + the encoded segments joined by '/' (a '/' inside a segment is encoded too).
std::string relative_href(const std::vector<std::string>& segments);

}  // namespace gradebox::feedback
