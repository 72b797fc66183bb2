// Stable student-to-shard assignment.
#include "grader/autograde/shard.hpp"

#include <charconv>

#include "grader/records/sha256.hpp"

namespace gradebox::autograde {

std::optional<Shard> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  Shard shard;
  const char* begin = text.data();
  const auto first = std::from_chars(begin, begin + slash, shard.index);
  const auto second = std::from_chars(begin + slash + 1, begin + text.size(), shard.count);
  if (first.ec != std::errc() || first.ptr != begin + slash || second.ec != std::errc() ||
      second.ptr != begin + text.size() || shard.count == 0 || shard.index >= shard.count)
    return std::nullopt;
  return shard;
}

std::uint32_t shard_of(const std::string& student, std::uint32_t count) {
  const std::string digest = records::sha256_raw(student);
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(digest[i]);
  return static_cast<std::uint32_t>(value % count);
}

bool in_shard(const std::string& student, const Shard& shard) {
  return shard_of(student, shard.count) == shard.index;
}

}  // namespace gradebox::autograde
