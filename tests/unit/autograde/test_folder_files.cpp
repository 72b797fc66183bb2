// Reading a submission into memory (grader/autograde/folder_files.hpp, over
// sandbox/folder_files.hpp): regular files only, links and FIFOs reported and never followed or
// opened for reading, size caps per file and in all.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "grader/autograde/folder_files.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;

namespace {
struct Course {
  fs::path root;
  Course() {
    std::string pattern = (fs::temp_directory_path() / "gradebox-folder-test-XXXXXX").string();
    root = ::mkdtemp(pattern.data());
  }
  ~Course() { fs::remove_all(root); }
  fs::path write(const std::string& relative, const std::string& text) {
    const fs::path path = root / "submitted/eve/ps1" / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }
  FolderFiles read(FolderLimits limits = {}) {
    return read_folder(root, "submitted/eve/ps1", limits);
  }
};

std::string reason(const FolderFiles& files, const std::string& relative) {
  const SkippedEntry* entry = files.skipped_entry(relative);
  return entry ? entry->reason : "";
}
}  // namespace

TEST_CASE("folder_files: regular files are read, links and FIFOs skipped and named", "[folder]") {
  Course course;
  course.write("a.ipynb", "{}");
  course.write("data/words.txt", "words");
  course.write(".ipynb_checkpoints/a-checkpoint.ipynb", "{}");
  const fs::path secret = course.root / "secret.txt";
  std::ofstream(secret) << "instructor only";
  fs::create_symlink(secret, course.root / "submitted/eve/ps1/b.ipynb");
  fs::create_directory_symlink(course.root, course.root / "submitted/eve/ps1/up");
  REQUIRE(::mkfifo((course.root / "submitted/eve/ps1/timestamp.txt").c_str(), 0644) == 0);

  const FolderFiles files = course.read();  // returns: the FIFO was never opened blocking
  CHECK(files.files.size() == 2);
  CHECK(files.files.at("a.ipynb") == "{}");
  CHECK(files.files.at("data/words.txt") == "words");
  CHECK(reason(files, "b.ipynb") == "a symbolic link, not read");
  CHECK(reason(files, "up") == "a symbolic link, not read");
  CHECK(reason(files, "timestamp.txt") == "a FIFO, not read");
  CHECK(files.skipped.size() == 3);
}

TEST_CASE("folder_files: size caps per file and per folder name the gradebox.toml key",
          "[folder]") {
  Course course;
  course.write("big.bin", std::string(2 << 20, 'x'));
  course.write("a.txt", std::string(600 << 10, 'a'));
  course.write("b.txt", std::string(600 << 10, 'b'));
  FolderLimits limits = folder_limits(CourseConfig{});
  limits.max_file_bytes = 1 << 20;
  limits.max_total_bytes = 1 << 20;
  const FolderFiles files = course.read(limits);
  CHECK_THAT(reason(files, "big.bin"), Catch::Contains("autograde.max_file_mib"));
  // Whichever of a.txt and b.txt comes first in the listing fits; the other is over the total.
  CHECK(files.files.count("a.txt") + files.files.count("b.txt") == 1);
  CHECK_THAT(reason(files, "a.txt") + reason(files, "b.txt"),
             Catch::Contains("autograde.max_submission_mib"));
}

TEST_CASE("folder_files: a linked submission folder is refused", "[folder]") {
  Course course;
  course.write("a.ipynb", "{}");
  fs::create_directories(course.root / "submitted/mallory");
  fs::create_directory_symlink(course.root / "submitted/eve/ps1",
                               course.root / "submitted/mallory/ps1");
  CHECK_THROWS_AS(read_folder(course.root, "submitted/mallory/ps1", {}), fs::filesystem_error);
}

TEST_CASE("folder_files: the digest covers paths and bytes", "[folder]") {
  FolderFiles one, two;
  one.files = {{"a.ipynb", "x"}, {"b.txt", "y"}};
  two.files = {{"a.ipynb", "x"}, {"b.txt", "z"}};
  CHECK(folder_digest(one) != folder_digest(two));
  CHECK(folder_digest(one).size() == 64);
}

}  // namespace gradebox::autograde
