// A course planted where instructors keep one (/opt, /srv, /usr/local, /etc, /home), for tests
// that a sandboxed program cannot read it (issue #14 item 5). Creating it needs root; the
// directory and file are world-readable on purpose, so only the sandbox's read list stops a read.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace gradebox::test {

// The places a course is commonly kept outside the distribution's own trees.
inline const std::vector<std::filesystem::path>& course_prefixes() {
  static const std::vector<std::filesystem::path> prefixes = {"/opt", "/srv", "/usr/local", "/etc",
                                                              "/home"};
  return prefixes;
}

class PlantedSecret {
 public:
  static constexpr const char* text = "gradebox-planted-solution-7f3a";

  // <prefix>/gradebox-course-XXXXXX/solutions.txt holding `text`; dir() empty when it could not
  // be made (not root, no such prefix, or a read-only one).
  explicit PlantedSecret(const std::filesystem::path& prefix) {
    std::string pattern = (prefix / "gradebox-course-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    dir_ = pattern;
    std::filesystem::permissions(
        dir_, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                  std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                  std::filesystem::perms::others_exec);
    std::ofstream(file()) << text << "\n";
    std::filesystem::permissions(
        file(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                    std::filesystem::perms::group_read | std::filesystem::perms::others_read);
  }
  PlantedSecret(const PlantedSecret&) = delete;
  PlantedSecret& operator=(const PlantedSecret&) = delete;
  ~PlantedSecret() {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path file() const { return dir_ / "solutions.txt"; }

 private:
  std::filesystem::path dir_;
};

}  // namespace gradebox::test
