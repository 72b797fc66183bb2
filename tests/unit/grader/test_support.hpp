// Shared helpers for the grader tests: fixture paths, temporary course folders, file I/O.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "grader/notebook/notebook.hpp"

namespace gradebox::test {

inline std::filesystem::path fixture(const std::string& relative) {
  return std::filesystem::path(GRADEBOX_SOURCE_DIR) / "tests/fixtures/nbgrader" / relative;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A fresh directory under $TMPDIR, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "gradebox-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A course with source/<assignment>/ holding copies of the given fixtures.
inline void make_course(const std::filesystem::path& root, const std::string& assignment,
                        std::initializer_list<std::string> fixtures) {
  for (const auto& f : fixtures) {
    const auto dest = root / "source" / assignment / std::filesystem::path(f).filename();
    std::filesystem::create_directories(dest.parent_path());
    std::filesystem::copy_file(fixture(f), dest);
  }
}

// Every file of the tree, relative, sorted: to assert "nothing half-written".
inline std::string tree_listing(const std::filesystem::path& root) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root))
    names.push_back(std::filesystem::relative(e.path(), root).string());
  std::sort(names.begin(), names.end());
  std::string joined;
  for (const auto& n : names) joined += n + "\n";
  return joined;
}

}  // namespace gradebox::test
