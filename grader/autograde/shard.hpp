// `--shard I/N`: which students one grading job owns. A student belongs to slice
// (first 8 bytes of SHA-256(student id), big-endian) mod N, so the split depends only on the id:
// a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or a Slurm array of N jobs covers every student
// exactly once, whatever order or machine they run on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gradebox::autograde {

struct Shard {
  std::uint32_t index = 0;
  std::uint32_t count = 1;
};

// "I/N" with 0 <= I < N; nullopt when the text is not that.
std::optional<Shard> parse_shard(const std::string& text);
std::uint32_t shard_of(const std::string& student, std::uint32_t count);
bool in_shard(const std::string& student, const Shard& shard);

}  // namespace gradebox::autograde
