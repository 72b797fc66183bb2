// `--shard I/N` (shard.hpp): the slices are disjoint, cover every student, are balanced to within
// one student, and do not depend on the order a job lists the students in.
#include <algorithm>
#include <catch2/catch.hpp>

#include "grader/autograde/shard.hpp"

namespace gradebox::autograde {
namespace {

std::vector<std::string> ids(int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back("student" + std::to_string(i));
  return out;
}

void check_balanced_partition(const std::vector<std::string>& students, std::uint32_t n) {
  std::vector<std::string> seen;
  std::size_t smallest = students.size(), largest = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto mine = students_in_shard(students, Shard{i, n});
    smallest = std::min(smallest, mine.size());
    largest = std::max(largest, mine.size());
    seen.insert(seen.end(), mine.begin(), mine.end());
  }
  std::sort(seen.begin(), seen.end());
  auto all = students;
  std::sort(all.begin(), all.end());
  CHECK(seen == all);  // disjoint and complete
  CHECK(largest - smallest <= 1);
}

}  // namespace

TEST_CASE("shards of 16 and 200 students are balanced to within one", "[autograde]") {
  for (int count : {16, 200})
    for (std::uint32_t n : {1u, 2u, 3u, 4u, 7u}) check_balanced_partition(ids(count), n);
  CHECK(students_in_shard(ids(16), Shard{0, 4}).size() == 4);
  CHECK(students_in_shard(ids(200), Shard{2, 4}).size() == 50);
}

TEST_CASE("a student's shard does not depend on the order of the list", "[autograde]") {
  auto students = ids(50);
  const auto first = students_in_shard(students, Shard{1, 3});
  std::reverse(students.begin(), students.end());
  students.push_back(students.front());  // a duplicate counts once
  CHECK(students_in_shard(students, Shard{1, 3}) == first);
}

TEST_CASE("shard option syntax I/N", "[autograde]") {
  CHECK(parse_shard("0/4")->count == 4);
  CHECK(parse_shard("3/4")->index == 3);
  for (const char* bad : {"4/4", "1", "/4", "1/0", "a/b", "1/4x", "-1/4"})
    CHECK_FALSE(parse_shard(bad));
}

}  // namespace gradebox::autograde
