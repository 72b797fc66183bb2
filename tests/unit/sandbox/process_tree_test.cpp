// process_tree::kill_all (the rlimit level's kill): the tree below the root, and orphans of the
// root's session that re-parented away before the kill.
#include "sandbox/process_tree.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "process_alive.hpp"

using namespace gradebox::sandbox;

namespace {}  // namespace

TEST_CASE("kill_all reaches an orphan of the root's session", "[sandbox]") {
  int report[2];
  REQUIRE(::pipe(report) == 0);
  const pid_t root = ::fork();
  REQUIRE(root >= 0);
  if (root == 0) {
    ::setsid();  // as apply_to_current_process does first
    if (::fork() == 0) {
      const pid_t orphan = ::fork();
      if (orphan == 0) {
        ::pause();
        ::_exit(0);
      }
      (void)!::write(report[1], &orphan, sizeof orphan);
      ::_exit(0);  // the orphan re-parents away from the root's tree
    }
    ::pause();
    ::_exit(0);
  }
  ::close(report[1]);
  pid_t orphan = 0;
  REQUIRE(::read(report[0], &orphan, sizeof orphan) == sizeof orphan);
  ::close(report[0]);
  ::usleep(50'000);  // let the middle process exit
  REQUIRE(gradebox::testing::process_alive(orphan));
  process_tree::kill_all(root, true);
  ::waitpid(root, nullptr, 0);
  CHECK_FALSE(gradebox::testing::process_alive(orphan));
  if (gradebox::testing::process_alive(orphan)) ::kill(orphan, SIGKILL);
}
