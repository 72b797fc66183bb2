// `--shard I/N`: which students one grading job owns. The run's students (the same list in every
// job: the folders under submitted/ or the --student ids, minus excluded ones) are ordered by a
// stable hash (first 8 bytes of SHA-256(student id), big-endian, then the id), and the student at
// rank r belongs to slice r mod N. Every slice gets the same number of students, give or take one,
// and a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or a Slurm array of N jobs covers every
// student exactly once, whatever order or machine they run on, as long as the list does not
// change between the jobs (grade after the deadline, not while submissions still arrive).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gradebox::autograde {

struct Shard {
  std::uint32_t index = 0;
  std::uint32_t count = 1;
};

// "I/N" with 0 <= I < N; nullopt when the text is not that.
std::optional<Shard> parse_shard(const std::string& text);

// The students of `shard` among `students`, sorted by id. Duplicates count once.
std::vector<std::string> students_in_shard(std::vector<std::string> students, const Shard& shard);

}  // namespace gradebox::autograde
