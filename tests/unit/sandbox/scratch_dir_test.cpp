// ScratchDir, the sweep of abandoned scratch dirs, and removal that never follows a link
// (issue #14 item 15).
#include "sandbox/scratch_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "sandbox/tree_removal.hpp"

using namespace gradebox::sandbox;
namespace fs = std::filesystem;

namespace {

// A private parent for the dirs under test, so the host's temp dir is not swept by a test.
struct TestParent {
  fs::path dir;
  TestParent() {
    std::string pattern = (fs::temp_directory_path() / "scratch-dir-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()));
    dir = pattern;
  }
  ~TestParent() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
};

void write(const fs::path& file, const std::string& text) {
  std::ofstream(file) << text;
}

// A pid that existed and is gone (a reaped child's).
pid_t gone_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

}  // namespace

TEST_CASE("scratch dir: named after its owner, removed with its contents", "[sandbox]") {
  TestParent parent;
  fs::path path;
  {
    ScratchDir scratch = ScratchDir::create("session", parent.dir);
    path = scratch.path();
    const std::string expected = "gradebox-session-" + std::to_string(::getpid()) + "-" +
                                 std::to_string(process_start_time(::getpid())) + "-";
    CHECK(path.filename().string().rfind(expected, 0) == 0);
    CHECK((fs::status(path).permissions() & fs::perms::all) == fs::perms::owner_all);
    fs::create_directories(path / "a" / "b");
    write(path / "a" / "b" / "work.py", "x = 1\n");
    ScratchDir moved = std::move(scratch);
    CHECK(fs::exists(path));
  }
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("tree removal never follows a link and survives deep and locked trees", "[sandbox]") {
  TestParent parent;
  const fs::path outside = parent.dir / "outside";
  fs::create_directories(outside / "keep");
  write(outside / "keep" / "secret.txt", "do not delete");
  const fs::path tree = parent.dir / "tree";
  fs::create_directories(tree / "sub");
  fs::create_directory_symlink(outside, tree / "link_to_outside");
  fs::create_directory_symlink(outside / "keep", tree / "sub" / "link_to_keep");
  fs::create_hard_link(outside / "keep" / "secret.txt", tree / "hardlink");
  fs::path deep = tree / "deep";
  for (int i = 0; i < 300; ++i) deep /= "d";  // deeper than one pass holds fds for
  fs::create_directories(deep);
  write(deep / "bottom.txt", "bottom");
  fs::create_directories(tree / "locked" / "inner");
  fs::permissions(tree / "locked", fs::perms::none);

  CHECK(remove_tree_at(AT_FDCWD, tree.string()) == "");
  CHECK_FALSE(fs::exists(fs::symlink_status(tree)));
  CHECK(fs::exists(outside / "keep" / "secret.txt"));
  std::ifstream kept(outside / "keep" / "secret.txt");
  std::string text;
  std::getline(kept, text);
  CHECK(text == "do not delete");
  // A symlink named like the tree is removed itself, its target left alone.
  fs::create_directory_symlink(outside, parent.dir / "alias");
  CHECK(remove_tree_at(AT_FDCWD, (parent.dir / "alias").string()) == "");
  CHECK(fs::exists(outside / "keep" / "secret.txt"));
}

TEST_CASE("sweep: dirs of a dead or reused pid go, a live owner's stay, links are left",
          "[sandbox]") {
  TestParent parent;
  const std::string self = std::to_string(::getpid());
  const std::string start = std::to_string(process_start_time(::getpid()));
  const fs::path live = parent.dir / ("gradebox-session-" + self + "-" + start + "-AAAAAA");
  const fs::path dead =
      parent.dir / ("gradebox-session-" + std::to_string(gone_pid()) + "-1-BBBBBB");
  // Our own pid with another start time: an earlier process that had this pid.
  const fs::path reused = parent.dir / ("gradebox-zygote-" + self + "-1-CCCCCC");
  const fs::path unrelated = parent.dir / "gradebox-session-XXXXXX";
  for (const auto& dir : {live, dead, reused, unrelated}) {
    fs::create_directories(dir / "inner");
    write(dir / "inner" / "student.py", "print(1)\n");
  }
  const fs::path target = parent.dir / "target";
  fs::create_directories(target);
  write(target / "keep.txt", "keep");
  const fs::path link = parent.dir / ("gradebox-run-" + std::to_string(gone_pid()) + "-1-DDDDDD");
  fs::create_directory_symlink(target, link);

  CHECK(sweep_abandoned_scratch_dirs(65534, parent.dir) == 2);
  CHECK(fs::exists(live / "inner" / "student.py"));
  CHECK_FALSE(fs::exists(dead));
  CHECK_FALSE(fs::exists(reused));
  CHECK(fs::exists(unrelated));
  CHECK(fs::exists(fs::symlink_status(link)));
  CHECK(fs::exists(target / "keep.txt"));
}

TEST_CASE("attack: a SIGKILLed owner's scratch dir is swept by the next start",
          "[sandbox][attack]") {
  TestParent parent;
  int report[2];
  REQUIRE(::pipe(report) == 0);
  const pid_t owner = ::fork();
  if (owner == 0) {
    ::close(report[0]);
    ScratchDir scratch = ScratchDir::create("session", parent.dir);
    write(scratch.path() / "student_answers.py", "answer = 42\n");
    const std::string path = scratch.path().string() + "\n";
    [[maybe_unused]] ssize_t n = ::write(report[1], path.data(), path.size());
    ::pause();
    ::_exit(0);
  }
  ::close(report[1]);
  char buffer[4096];
  const ssize_t n = ::read(report[0], buffer, sizeof buffer);
  ::close(report[0]);
  REQUIRE(n > 1);
  const fs::path left(std::string(buffer, static_cast<std::size_t>(n - 1)));
  ::kill(owner, SIGKILL);
  siginfo_t info{};
  ::waitid(P_PID, owner, &info, WEXITED | WNOWAIT);  // a zombie until reaped, as a killed kernel
  REQUIRE(fs::exists(left / "student_answers.py"));  // nothing of the owner's code ran
  CHECK(sweep_abandoned_scratch_dirs(65534, parent.dir) == 1);
  CHECK_FALSE(fs::exists(left));
  ::waitpid(owner, nullptr, 0);
}
