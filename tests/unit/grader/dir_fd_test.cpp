// Directory-fd access (sandbox/directory_fd.hpp) as the grader uses it, and StagingDir: links
// planted below the trusted base are refused, never followed; trees are removed without following
// links.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "grader/pipeline/staging_dir.hpp"
#include "sandbox/directory_fd.hpp"
#include "sandbox/tree_removal.hpp"
#include "tests/unit/grader/test_support.hpp"

namespace gradebox::pipeline {
namespace fs = std::filesystem;
using namespace sandbox;
using test::TempDir;

TEST_CASE("dir_fd: a link below the base is refused, not followed", "[dir_fd]") {
  TempDir tmp;
  const fs::path victim = tmp.path() / "victim";
  fs::create_directories(victim);
  fs::create_directories(tmp.path() / "course" / "autograded");
  fs::create_directory_symlink(victim, tmp.path() / "course" / "autograded" / "eve");
  const UniqueFd course = open_directory(tmp.path() / "course");
  CHECK_THROWS_AS(open_directory_beneath(course.get(), "autograded/eve", true, "x"),
                  fs::filesystem_error);
  CHECK_THROWS_AS(StagingDir(tmp.path() / "course", "autograded/eve", "ps1"), fs::filesystem_error);
  const UniqueFd autograded = open_directory_beneath(course.get(), "autograded", false, "x");
  CHECK_THROWS_AS(write_file_beneath(autograded.get(), "eve/file", "bytes", 0644, "x"),
                  fs::filesystem_error);
  CHECK(fs::is_empty(victim));
  CHECK_THROWS_AS(open_directory_beneath(course.get(), "../victim", false, "x"),
                  fs::filesystem_error);
}

TEST_CASE("dir_fd: written files get exactly the mode asked for", "[dir_fd]") {
  TempDir tmp;
  const UniqueFd dir = open_directory(tmp.path());
  const mode_t old_umask = ::umask(077);
  write_file_beneath(dir.get(), "a/b/c.txt", "hello", 0644, "x", false);
  ::umask(old_umask);
  struct stat st {};
  REQUIRE(::stat((tmp.path() / "a/b/c.txt").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0644);
  CHECK(test::read_text(tmp.path() / "a/b/c.txt") == "hello");
  CHECK_THROWS_AS(write_file_beneath(dir.get(), "a/b/c.txt", "again", 0644, "x"),
                  fs::filesystem_error);
}

TEST_CASE("dir_fd: remove_tree_at removes links, not their targets, and closed folders",
          "[dir_fd]") {
  TempDir tmp;
  test::write_text(tmp.path() / "keep" / "precious.txt", "keep me");
  test::write_text(tmp.path() / "scratch" / "closed" / "inner.txt", "x");
  fs::create_directory_symlink(tmp.path() / "keep", tmp.path() / "scratch" / "link");
  fs::permissions(tmp.path() / "scratch" / "closed", fs::perms::none);
  const UniqueFd dir = open_directory(tmp.path());
  CHECK(remove_tree_at(dir.get(), "scratch").empty());
  CHECK_FALSE(fs::exists(fs::symlink_status(tmp.path() / "scratch")));
  CHECK(test::read_text(tmp.path() / "keep" / "precious.txt") == "keep me");
}

TEST_CASE("staging_dir: commit replaces the previous folder through the parent's fd", "[dir_fd]") {
  TempDir tmp;
  test::write_text(tmp.path() / "autograded" / "eve" / "ps1" / "old.txt", "old");
  {
    StagingDir staging(tmp.path(), "autograded/eve", "ps1");
    write_file_beneath(staging.fd(), "new.txt", "new", 0644, "x");
    staging.commit();
  }
  CHECK(fs::exists(tmp.path() / "autograded" / "eve" / "ps1" / "new.txt"));
  CHECK_FALSE(fs::exists(tmp.path() / "autograded" / "eve" / "ps1" / "old.txt"));
  CHECK(std::distance(fs::directory_iterator(tmp.path() / "autograded" / "eve"), {}) == 1);
  { StagingDir dropped(tmp.path(), "autograded/eve", "ps1"); }
  CHECK(std::distance(fs::directory_iterator(tmp.path() / "autograded" / "eve"), {}) == 1);
}

}  // namespace gradebox::pipeline
