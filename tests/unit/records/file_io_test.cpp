// Atomic writes of several files at once (the graded notebooks of one submission).
#include "grader/records/file_io.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "synthetic_records.hpp"

using namespace gradebox::records;
using gradebox::testing::TempDir;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("write_files_atomically replaces every file and leaves no temp file", "[records]") {
  TempDir dir;
  write_file_atomically(dir.path() / "a.ipynb", "old a");
  const std::vector<FileContent> files = {{dir.path() / "a.ipynb", "new a"},
                                          {dir.path() / "b.ipynb", "new b"},
                                          {dir.path() / "sub" / "c.ipynb", "new c"}};
  write_files_atomically(files, 0640);
  CHECK(read_file(dir.path() / "a.ipynb") == "new a");
  CHECK(read_file(dir.path() / "b.ipynb") == "new b");
  CHECK(read_file(dir.path() / "sub" / "c.ipynb") == "new c");
  CHECK(names_in(dir.path()) == std::vector<std::string>{"a.ipynb", "b.ipynb", "sub"});
  CHECK(names_in(dir.path() / "sub") == std::vector<std::string>{"c.ipynb"});
  struct stat info {};
  REQUIRE(::stat((dir.path() / "b.ipynb").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0640);
}

TEST_CASE("write_files_atomically replaces nothing when a file cannot be written", "[records]") {
  TempDir dir;
  write_file_atomically(dir.path() / "a.ipynb", "old a");
  write_file_atomically(dir.path() / "blocker", "a file where a directory is needed");
  const std::vector<FileContent> files = {{dir.path() / "a.ipynb", "new a"},
                                          {dir.path() / "blocker" / "b.ipynb", "new b"}};
  CHECK_THROWS_WITH(write_files_atomically(files), Catch::Contains("blocker"));
  CHECK(read_file(dir.path() / "a.ipynb") == "old a");
  CHECK(names_in(dir.path()) == std::vector<std::string>{"a.ipynb", "blocker"});
}
