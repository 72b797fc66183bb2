// The trusted side's file handles (sandbox/directory_fd.hpp, folder_files.hpp, atomic_file.hpp):
// a single file read beneath a folder refuses links, FIFOs (without blocking) and oversize files;
// a folder walk keeps its depth, count and hidden-name rules; an atomic write leaves the old file
// or the new one, never a temp file.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "sandbox/atomic_file.hpp"
#include "sandbox/directory_fd.hpp"
#include "sandbox/folder_files.hpp"
#include "sandbox/scratch_dir.hpp"

using namespace gradebox::sandbox;
namespace fs = std::filesystem;

namespace {

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("read_file_beneath: regular files only, links and FIFOs refused, size capped",
          "[files]") {
  const ScratchDir dir = ScratchDir::create("files-test");
  write_text(dir.path() / "folder" / "a.ipynb", "{}");
  write_text(dir.path() / "secret.txt", "instructor only");
  fs::create_symlink(dir.path() / "secret.txt", dir.path() / "folder" / "link.ipynb");
  fs::create_directory_symlink(dir.path(), dir.path() / "folder" / "up");
  REQUIRE(::mkfifo((dir.path() / "folder" / "fifo.ipynb").c_str(), 0644) == 0);

  CHECK(read_file_beneath(dir.path(), "folder/a.ipynb", 100) == "{}");
  CHECK_THROWS_WITH(read_file_beneath(dir.path(), "folder/link.ipynb", 100),
                    Catch::Contains("a symbolic link"));
  CHECK_THROWS_AS(read_file_beneath(dir.path(), "folder/up/secret.txt", 100), UnreadableFile);
  CHECK_THROWS_WITH(read_file_beneath(dir.path(), "folder/fifo.ipynb", 100),
                    Catch::Contains("a FIFO"));
  CHECK_THROWS_WITH(read_file_beneath(dir.path(), "folder/a.ipynb", 1),
                    Catch::Contains("larger than 1 bytes"));
  CHECK_THROWS_AS(read_file_beneath(dir.path() / "folder", "../secret.txt", 100), UnreadableFile);
}

TEST_CASE("walk_folder: depth, entry count and left-out names", "[files]") {
  const ScratchDir dir = ScratchDir::create("files-test");
  write_text(dir.path() / "a.txt", "a");
  write_text(dir.path() / ".hidden" / "b.txt", "b");
  write_text(dir.path() / "one" / "two" / "c.txt", "c");
  FolderLimits limits;
  limits.max_depth = 1;
  const UniqueFd top = open_directory(dir.path());
  const FolderFiles files = read_folder_files(
      top.get(), limits, [](const std::string& name, bool) -> std::optional<std::string> {
        if (name.front() == '.') return "hidden";
        return std::nullopt;
      });
  CHECK(files.files.size() == 1);
  CHECK(files.files.at("a.txt") == "a");
  REQUIRE(files.skipped_entry(".hidden"));
  CHECK(files.skipped_entry(".hidden")->reason == "hidden");
  REQUIRE(files.skipped_entry("one/two"));
  CHECK_THAT(files.skipped_entry("one/two")->reason, Catch::Contains("nested too deeply"));

  limits.max_depth = 32;
  limits.max_entries = 2;
  const FolderFiles capped = read_folder_files(top.get(), limits);
  CHECK(capped.files.count(".hidden/b.txt") == 1);  // entries 1 and 2; a.txt is the third
  CHECK_THAT(capped.skipped.back().reason, Catch::Contains("more than 2 files and folders"));
}

TEST_CASE("AtomicFile: the mode from the start, the old file until commit, no temp left",
          "[files]") {
  const ScratchDir dir = ScratchDir::create("files-test");
  write_text(dir.path() / "key.pem", "old");
  const UniqueFd fd = open_directory(dir.path());
  {
    AtomicFile file(fd.get(), "key.pem", "new", 0600, dir.path() / "key.pem");
    CHECK(read_text(dir.path() / "key.pem") == "old");
  }  // dropped without commit
  CHECK(read_text(dir.path() / "key.pem") == "old");
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
  write_file_atomically(fd.get(), "key.pem", "new", 0600, dir.path() / "key.pem");
  CHECK(read_text(dir.path() / "key.pem") == "new");
  CHECK((fs::status(dir.path() / "key.pem").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
}
