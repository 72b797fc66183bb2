// Stable student-to-shard assignment.
#include "grader/autograde/shard.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

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

namespace {

std::uint64_t stable_hash(const std::string& student) {
  const std::string digest = records::sha256_raw(student);
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(digest[i]);
  return value;
}

}  // namespace

std::vector<std::string> students_in_shard(std::vector<std::string> students, const Shard& shard) {
  std::sort(students.begin(), students.end());
  students.erase(std::unique(students.begin(), students.end()), students.end());
  std::vector<std::pair<std::uint64_t, std::string>> ranked;
  for (auto& student : students) ranked.emplace_back(stable_hash(student), std::move(student));
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> mine;
  for (std::size_t rank = shard.index; rank < ranked.size(); rank += shard.count)
    mine.push_back(std::move(ranked[rank].second));
  std::sort(mine.begin(), mine.end());
  return mine;
}

}  // namespace gradebox::autograde
