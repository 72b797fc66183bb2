// Owns base64 validation and image signature checks for inline images.
#include "grader/feedback/image_data_uri.hpp"

#include <cstdint>
#include <vector>

namespace gradebox::feedback {
namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Whitespace removed; nullopt unless the rest is canonical padded base64.
std::optional<std::string> compact_base64(std::string_view text) {
  std::string compact;
  compact.reserve(text.size());
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == ' ' || c == '\t') continue;
    compact += c;
  }
  if (compact.empty() || compact.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < 2 && compact[compact.size() - 1 - padding] == '=') ++padding;
  for (std::size_t i = 0; i < compact.size() - padding; ++i)
    if (base64_value(compact[i]) < 0) return std::nullopt;
  return compact;
}

// The first bytes of the decoded payload (enough for a signature).
std::vector<std::uint8_t> decode_prefix(std::string_view compact, std::size_t bytes) {
  std::vector<std::uint8_t> out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : compact) {
    const int v = base64_value(c);
    if (v < 0) break;  // padding
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((buffer >> bits) & 0xff));
      if (out.size() == bytes) break;
    }
  }
  return out;
}

bool starts_with(const std::vector<std::uint8_t>& bytes, std::initializer_list<std::uint8_t> sig) {
  if (bytes.size() < sig.size()) return false;
  std::size_t i = 0;
  for (auto b : sig)
    if (bytes[i++] != b) return false;
  return true;
}

}  // namespace

bool is_inline_image_type(std::string_view mime) {
  return mime == "image/png" || mime == "image/jpeg";
}

std::optional<std::string> image_data_uri(std::string_view mime, std::string_view base64_text) {
  if (!is_inline_image_type(mime)) return std::nullopt;
  auto compact = compact_base64(base64_text);
  if (!compact) return std::nullopt;
  const auto head = decode_prefix(*compact, 8);
  const bool signature_ok = mime == "image/png"
                                ? starts_with(head, {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                                : starts_with(head, {0xff, 0xd8, 0xff});
  if (!signature_ok) return std::nullopt;
  return "data:" + std::string(mime) + ";base64," + *compact;
}

}  // namespace gradebox::feedback
