// Interrupts, timeouts, memory limit, child death, output caps.
#include <catch2/catch.hpp>
#include <thread>

#include "kernel/runtime/default_limits.hpp"
#include "tests/unit/runtime/runtime_fixture.hpp"

using namespace gradebox::runtime;
using namespace gradebox::runtime::testing;
using namespace std::chrono_literals;

namespace {

// 512 MiB of address space at the rlimit level (RLIMIT_AS), where the session's own allocator and
// thread stacks meet the limit.
RuntimePolicy rlimit_policy_at_512_mib() {
  RuntimePolicy policy = test_policy();
  policy.limits.memory_bytes = 512ull << 20;
  policy.max_isolation_level = "rlimit";
  return policy;
}

}  // namespace

TEST_CASE("interrupt stops a busy loop and the session goes on", "[runtime][limits]") {
  auto session = shared_runtime().open_session({});
  std::thread interrupter([&] {
    std::this_thread::sleep_for(300ms);
    session->interrupt();
  });
  const CellRun run = run_cell(*session, "while True:\n    pass\n");
  interrupter.join();
  CHECK(run.verdict.verdict == VerdictKind::error);
  REQUIRE(run.verdict.error);
  CHECK(run.verdict.error->ename == "KeyboardInterrupt");
  CHECK(run.verdict.session_alive);
  CHECK(run_cell(*session, "1+1").verdict.verdict == VerdictKind::ok);
  // An interrupt while idle is ignored.
  session->interrupt();
  std::this_thread::sleep_for(50ms);
  CHECK(run_cell(*session, "2+2").verdict.verdict == VerdictKind::ok);
}

TEST_CASE("a timed-out loop that obeys SIGINT is a timeout and the session survives",
          "[runtime][limits]") {
  auto session = shared_runtime().open_session({});
  const CellRun run = run_cell(*session, "while True:\n    pass\n", false, 300ms);
  CHECK(run.verdict.verdict == VerdictKind::timeout);
  CHECK(run.verdict.reason.find("300 ms") != std::string::npos);
  CHECK(run.verdict.session_alive);
  CHECK(run.verdict.wall_ms >= 300);
  CHECK(run_cell(*session, "1+1").verdict.verdict == VerdictKind::ok);
}

TEST_CASE("a loop that ignores SIGINT is killed after the grace period", "[runtime][limits]") {
  auto session = shared_runtime().open_session({});
  const auto started = std::chrono::steady_clock::now();
  const CellRun run = run_cell(*session,
                               "import signal\n"
                               "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                               "while True:\n"
                               "    try:\n"
                               "        pass\n"
                               "    except BaseException:\n"
                               "        pass\n",
                               false, 300ms);
  const auto took = std::chrono::steady_clock::now() - started;
  CHECK(run.verdict.verdict == VerdictKind::timeout);
  CHECK_FALSE(run.verdict.session_alive);
  CHECK(took < 5s);
  CHECK_FALSE(session->alive());
  // Further cells get the death verdict at once; the zygote serves new sessions.
  CHECK(run_cell(*session, "1").verdict.verdict == VerdictKind::timeout);
  auto next = shared_runtime().open_session({});
  CHECK(run_cell(*next, "1+1").verdict.verdict == VerdictKind::ok);
}

TEST_CASE("exceeding the memory limit is reported as memory_limit with evidence",
          "[runtime][limits]") {
  RuntimePolicy policy = test_policy();
  policy.limits.memory_bytes = 256ull << 20;
  auto runtime = Runtime::start(policy);
  auto session = runtime->open_session({});
  const CellRun run = run_cell(*session,
                               "chunks = []\n"
                               "while True:\n"
                               "    chunks.append(bytearray(16 << 20))\n");
  INFO(run.verdict.reason << " at level " << run.verdict.isolation_level);
  CHECK(run.verdict.verdict == VerdictKind::memory_limit);
  CHECK(run.verdict.reason.find("256 MiB") != std::string::npos);
  if (run.verdict.isolation_level != "rlimit") CHECK_FALSE(run.verdict.session_alive);
  auto next = runtime->open_session({});
  CHECK(run_cell(*next, "1+1").verdict.verdict == VerdictKind::ok);
}

TEST_CASE("at the rlimit level a MemoryError at RLIMIT_AS is memory_limit with its evidence",
          "[runtime][limits]") {
#ifdef __SANITIZE_ADDRESS__
  // AddressSanitizer's shadow memory alone is terabytes of address space: under any RLIMIT_AS
  // every later mmap fails, so the worker cannot run a cell at all.
  WARN("skipped: RLIMIT_AS cannot be tested in an AddressSanitizer build");
  return;
#endif
  RuntimePolicy policy = rlimit_policy_at_512_mib();
  auto runtime = Runtime::start(policy);
  auto session = runtime->open_session({});
  const CellRun small = run_cell(*session, "raise MemoryError('not really')");
  CHECK(small.verdict.verdict == VerdictKind::error);  // far below the limit: an ordinary error

  const CellRun run = run_cell(*session,
                               "chunks = []\n"
                               "while True:\n"
                               "    chunks.append(bytearray(16 << 20))\n");
  INFO(run.verdict.reason);
  CHECK(run.verdict.isolation_level == "rlimit");
  CHECK(run.verdict.verdict == VerdictKind::memory_limit);
  CHECK(run.verdict.reason.find("MemoryError at RLIMIT_AS 512 MiB") != std::string::npos);
  REQUIRE(run.verdict.error);
  CHECK(run.verdict.error->ename == "MemoryError");
  // The process survived its MemoryError: the session goes on once the memory is freed.
  CHECK(run.verdict.session_alive);
  CHECK(run_cell(*session, "del chunks\n1+1").verdict.verdict == VerdictKind::ok);
}

// Issue #14 item 17: a verdict from evidence the session cannot write.
TEST_CASE("attack: a session cannot fake memory_limit, cpu_limit or policy_violation",
          "[runtime][limits][attack]") {
#ifdef __SANITIZE_ADDRESS__
  WARN("skipped: RLIMIT_AS cannot be tested in an AddressSanitizer build");
  return;
#endif
  RuntimePolicy policy = rlimit_policy_at_512_mib();
  policy.limits.cpu_time = 20s;
  auto runtime = Runtime::start(policy);
  auto session = runtime->open_session({});
  // Half the address space reserved (untouched) and a MemoryError raised by hand.
  const CellRun reserved = run_cell(*session,
                                    "import mmap\n"
                                    "held = mmap.mmap(-1, 256 << 20)\n"
                                    "raise MemoryError('fake')\n");
  INFO(reserved.verdict.reason);
  CHECK(reserved.verdict.verdict == VerdictKind::error);
  // SIGSYS and SIGXCPU cannot be sent, nor RLIMIT_CPU lowered: the seccomp filter refuses them.
  for (const std::string forge :
       {"import os, signal\nos.kill(os.getpid(), signal.SIGSYS)\n",
        "import os, signal\nos.kill(os.getpid(), signal.SIGXCPU)\n",
        "import resource\nresource.setrlimit(resource.RLIMIT_CPU, (1, 30))\n"}) {
    INFO(forge);
    const CellRun forged = run_cell(*session, forge);
    CHECK(forged.verdict.verdict == VerdictKind::error);
    REQUIRE(forged.verdict.error);
    // EPERM: PermissionError, or ValueError from resource.setrlimit.
    CHECK((forged.verdict.error->ename == "PermissionError" ||
           forged.verdict.error->ename == "ValueError"));
    CHECK(forged.verdict.session_alive);
  }
}

TEST_CASE("a cell spinning past the session's CPU limit is cpu_limit, also when SIGXCPU is caught",
          "[runtime][limits]") {
  RuntimePolicy policy = test_policy();
  policy.limits.cpu_time = 1000ms;
  // At the rlimit level as root the session is the init of its own pid namespace, which ignores
  // the kernel's SIGXCPU when it has no handler: the hard limit's SIGKILL must still end it.
  policy.max_isolation_level = GENERATE(as<std::string>{}, "", "rlimit");
  INFO("level cap: " << policy.max_isolation_level);
  auto runtime = Runtime::start(policy);
  for (const std::string prelude :
       {"", "import signal\nsignal.signal(signal.SIGXCPU, lambda *args: None)\n"}) {
    INFO("prelude: " << prelude);
    auto session = runtime->open_session({});
    CHECK(run_cell(*session, "x = 1").verdict.verdict == VerdictKind::ok);
    const CellRun run = run_cell(*session, prelude + "while True:\n    pass\n", false, 20s);
    INFO(run.verdict.reason);
    CHECK(run.verdict.verdict == VerdictKind::cpu_limit);
    CHECK(run.verdict.reason == "CPU time limit of 1000 ms exceeded");
    CHECK(run.verdict.cpu_ms >= 900);
    CHECK(run.verdict.wall_ms < 10000);
    CHECK_FALSE(run.verdict.session_alive);
    CHECK_FALSE(session->alive());
  }
  // A fresh session has its own CPU budget.
  auto next = runtime->open_session({});
  CHECK(run_cell(*next, "1+1").verdict.verdict == VerdictKind::ok);
}

TEST_CASE("os._exit ends the session with a reason and the zygote survives", "[runtime][limits]") {
  auto session = shared_runtime().open_session({});
  const CellRun run = run_cell(*session, "print('bye')\nimport os\nos._exit(3)");
  CHECK(run.verdict.verdict == VerdictKind::error);
  CHECK(run.verdict.reason.find("exited with status 3") != std::string::npos);
  CHECK_FALSE(run.verdict.session_alive);
  CHECK(run.stdout_text() == "bye\n");  // output written before the exit is delivered
  auto next = shared_runtime().open_session({});
  CHECK(run_cell(*next, "1+1").verdict.verdict == VerdictKind::ok);
}

TEST_CASE("a segfault is a signaled verdict naming the signal", "[runtime][limits]") {
  auto session = shared_runtime().open_session({});
  const CellRun run = run_cell(*session, "import faulthandler\nfaulthandler._sigsegv()");
  CHECK(run.verdict.verdict == VerdictKind::signaled);
  CHECK(run.verdict.reason.find("Segmentation fault") != std::string::npos);
  CHECK_FALSE(run.verdict.session_alive);
  auto next = shared_runtime().open_session({});
  CHECK(run_cell(*next, "1+1").verdict.verdict == VerdictKind::ok);
}

TEST_CASE("output caps: lines are truncated with a notice and bytes stop the cell",
          "[runtime][limits]") {
  RuntimePolicy policy = test_policy();
  policy.limits.output_lines = 10;
  policy.limits.traceback_lines = 5;
  policy.limits.output_bytes = 200 * 1024;
  auto runtime = Runtime::start(policy);
  auto session = runtime->open_session({});

  const CellRun lines = run_cell(*session, "for i in range(100):\n    print(i)\n");
  CHECK(lines.verdict.verdict == VerdictKind::ok);
  CHECK(lines.verdict.output_truncated);
  const std::string text = lines.stdout_text();
  CHECK(text.rfind("0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n", 0) == 0);
  CHECK(text.find("\n10\n") == std::string::npos);
  CHECK(text.find("output truncated after 10 lines") != std::string::npos);

  const CellRun deep = run_cell(*session, "def f(n):\n    return f(n - 1) if n else 1/0\nf(30)");
  CHECK(deep.verdict.verdict == VerdictKind::error);
  REQUIRE(deep.verdict.error);
  // 5 lines: the first two, one notice, and the last two, which name the error.
  const auto& traceback = deep.verdict.error->traceback;
  REQUIRE(traceback.size() == 5);
  CHECK(traceback[2].find("traceback lines not shown") != std::string::npos);
  CHECK(traceback.back().find("ZeroDivisionError") != std::string::npos);

  const CellRun flood = run_cell(*session, "while True:\n    print('x' * 1000, end='')\n");
  CHECK(flood.verdict.verdict == VerdictKind::output_limit);
  CHECK(flood.verdict.session_alive);
}

TEST_CASE("at the rlimit level 64 threads start at 512 MiB and 600 MB is still refused",
          "[runtime][limits]") {
#ifdef __SANITIZE_ADDRESS__
  WARN("skipped: RLIMIT_AS cannot be tested in an AddressSanitizer build");
  return;
#endif
  RuntimePolicy policy = rlimit_policy_at_512_mib();
  policy.limits.pids = gradebox::sandbox::Limits{}.pids;
  auto runtime = Runtime::start(policy);
  auto session = runtime->open_session({});
  // Recursion through C calls uses the thread's stack: the recursion limit comes first.
  const CellRun deep = run_cell(*session,
                                "import threading\n"
                                "def nest(n):\n"
                                "    return list(map(nest, [n + 1]))\n"
                                "def run():\n"
                                "    global outcome\n"
                                "    try:\n"
                                "        nest(0)\n"
                                "    except RecursionError as e:\n"
                                "        outcome = type(e).__name__\n"
                                "t = threading.Thread(target=run)\n"
                                "t.start()\n"
                                "t.join()\n"
                                "print(outcome)\n");
  INFO(deep.verdict.reason);
  CHECK(deep.stdout_text() == "RecursionError\n");
  // Each thread also allocates, so glibc gives it its own malloc arena as it would in a program.
  const CellRun threads = run_cell(*session,
                                   "import threading\n"
                                   "started = threading.Barrier(65)\n"
                                   "def work():\n"
                                   "    data = [bytes(1000) for _ in range(100)]\n"
                                   "    started.wait()\n"
                                   "pool = [threading.Thread(target=work) for _ in range(64)]\n"
                                   "for t in pool: t.start()\n"
                                   "started.wait()\n"
                                   "for t in pool: t.join()\n"
                                   "print(len(pool))\n");
  INFO(threads.verdict.reason);
  CHECK(threads.verdict.isolation_level == "rlimit");
  CHECK(threads.verdict.verdict == VerdictKind::ok);
  CHECK(threads.stdout_text() == "64\n");
  const CellRun big = run_cell(*session, "big = bytearray(600 * 1000 * 1000)");
  CHECK(big.verdict.verdict != VerdictKind::ok);
  REQUIRE(big.verdict.error);
  CHECK(big.verdict.error->ename == "MemoryError");
}
