// The zygote over many sessions: no leaked fds, memory or processes; concurrent sessions;
// fork hygiene (one thread, reseeded RNGs).
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "tests/unit/runtime/runtime_fixture.hpp"

using namespace gradebox::runtime;
using namespace gradebox::runtime::testing;

namespace {

int count_entries(const std::string& dir) {
  int count = 0;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') ++count;
    ::closedir(d);
  }
  return count;
}

// Why this host cannot put the zygote's heap in huge pages, or empty.
std::string huge_pages_unavailable() {
  std::ifstream setting("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  if (!std::getline(setting, modes)) return "no transparent huge pages in this kernel";
  if (modes.find("[never]") != std::string::npos) return "transparent huge pages set to never";
  int major = 0, minor = 0;
  std::ifstream release("/proc/sys/kernel/osrelease");
  char dot;
  release >> major >> dot >> minor;
  if (major < 6 || (major == 6 && minor < 1)) return "MADV_COLLAPSE needs Linux 6.1";
  return "";
}

long rss_kb(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

std::set<int> child_pids(int pid) {
  std::set<int> pids;
  std::istringstream text(children_of(pid));
  for (int child; text >> child;) pids.insert(child);
  return pids;
}

bool any_of_in(const std::set<int>& pids, const std::set<int>& sessions) {
  for (int pid : pids)
    if (sessions.count(pid)) return true;
  return false;
}

// The zygote closes a session's pidfd just after reporting its exit, so a count taken right after
// close() can still include it: wait until none of the zygote's children is one of `sessions`
// (its spare child may be there) and its count holds still.
int settled_fd_count(int pid, const std::set<int>& sessions) {
  const std::string fd_dir = "/proc/" + std::to_string(pid) + "/fd";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int last = -1;
  while (std::chrono::steady_clock::now() < deadline) {
    const int count = count_entries(fd_dir);
    if (count == last && !any_of_in(child_pids(pid), sessions)) return count;
    last = count;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return last;
}

// The zygote's one child that serves no session, once it has forked it.
int spare_of(int zygote, const std::set<int>& sessions) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    std::set<int> children = child_pids(zygote);
    for (int pid : sessions) children.erase(pid);
    if (children.size() == 1) return *children.begin();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return -1;
}

// GRADEBOX_SESSIONS overrides the count when profiling.
int session_count() {
  const char* text = std::getenv("GRADEBOX_SESSIONS");
  return text ? std::atoi(text) : 1000;
}

}  // namespace

TEST_CASE("the zygote is single-threaded and preloaded IPython, numpy and pandas",
          "[runtime][zygote]") {
  const auto info = shared_runtime().worker_info();
  CHECK(info["threads"] == 1);  // also with pandas (numexpr) and its BLAS: fork-safe
  CHECK(info["mode"] == "ipython");
  const bool pandas = std::system("/usr/bin/python3 -c 'import pandas' 2>/dev/null") == 0;
  CHECK(info["preloaded"] ==
        (pandas ? nlohmann::json::array({"numpy", "pandas"}) : nlohmann::json::array({"numpy"})));
}

TEST_CASE("the zygote's preloaded heap lies in huge pages, so a fork copies fewer page tables",
          "[runtime][zygote]") {
  if (const std::string why = huge_pages_unavailable(); !why.empty()) {
    WARN("skipped: " << why);
    return;
  }
  const int zygote = shared_runtime().worker_info()["pid"];
  // The malloc heap alone spans several huge pages once numpy and pandas are imported.
  CHECK(smaps_kb(zygote, "AnonHugePages") >= 2048);
}

TEST_CASE("each session reseeds random and numpy.random", "[runtime][zygote]") {
  std::set<std::string> draws;
  for (int i = 0; i < 3; ++i) {
    auto session = shared_runtime().open_session({});
    draws.insert(run_cell(*session,
                          "import random, numpy\n"
                          "print(random.random(), numpy.random.rand())")
                     .stdout_text());
  }
  CHECK(draws.size() == 3);
}

TEST_CASE("1000 sessions leak no fds or memory or processes", "[runtime][zygote]") {
  // The cheapest confinement this host offers (no network namespace, no cgroup), so the test
  // measures the zygote rather than the kernel's namespace set-up.
  RuntimePolicy policy = test_policy();
  policy.network = true;
  policy.max_isolation_level = "rlimit";
  // Threads of this process that are not this runtime's (other tests' runtimes, when the whole
  // test binary runs in one process).
  const int other_threads = count_entries("/proc/self/task");
  auto owned = Runtime::start(policy);
  Runtime& runtime = *owned;
  const int zygote = runtime.worker_info()["pid"];
  std::set<int> sessions;
  auto warm = runtime.open_session({});
  sessions.insert(warm->pid());
  run_cell(*warm, "1+1");
  warm->close();
  const int own_fds = count_entries("/proc/self/fd");
  const int zygote_fds = settled_fd_count(zygote, sessions);
  const long zygote_rss = rss_kb(zygote);
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < session_count(); ++i) {
    auto session = runtime.open_session({});
    sessions.insert(session->pid());
    const CellRun run = run_cell(*session, "1+1");
    if (run.verdict.verdict != VerdictKind::ok) FAIL("session " << i << ": " << run.verdict.reason);
    session->close();
  }
  const auto took = std::chrono::steady_clock::now() - started;
  WARN(session_count() << " sessions in "
                       << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                       << " ms");
  CHECK(count_entries("/proc/self/fd") == own_fds);
  CHECK(settled_fd_count(zygote, sessions) == zygote_fds);
  CHECK(rss_kb(zygote) < zygote_rss + 8 * 1024);
  // No session child is left; the zygote's one other child is its spare.
  CHECK_FALSE(any_of_in(child_pids(zygote), sessions));
  CHECK(child_pids(zygote).size() <= 1);
  CHECK(count_entries("/proc/self/task") == other_threads + 1);  // + this runtime's reader
  warm.reset();  // a session keeps its zygote (and so the reader) alive
  owned.reset();
  CHECK(count_entries("/proc/self/task") == other_threads);
}

TEST_CASE("the zygote's spare child becomes a confined session, and one killed is replaced",
          "[runtime][zygote]") {
  auto owned = Runtime::start(test_policy());
  Runtime& runtime = *owned;
  const int zygote = runtime.worker_info()["pid"];
  std::set<int> sessions;
  const int spare = spare_of(zygote, sessions);
  REQUIRE(spare > 0);
  {
    auto session = runtime.open_session({});
    CHECK(session->pid() == spare);  // handed the request, not forked for it
    sessions.insert(session->pid());
    const CellRun run =
        run_cell(*session, "import os\nprint('gradebox-zygote-' not in os.getcwd())\n1+1");
    CHECK(run.verdict.verdict == VerdictKind::ok);
    CHECK(run.stdout_text() == "True\n");  // the session's own cwd, not the zygote's
    CHECK(run.verdict.execution_count == 1);
    REQUIRE(run.results().size() == 1);
    CHECK(run.results()[0].data["text/plain"] == "2");
    const auto layers = runtime.worker_info()["layers"];
    CHECK(std::find(layers.begin(), layers.end(), "seccomp") != layers.end());
  }
  // A spare that dies unused (killed from outside) is reaped; the next open forks afresh.
  const int next = spare_of(zygote, sessions);
  REQUIRE(next > 0);
  REQUIRE(::kill(next, SIGKILL) == 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (child_pids(zygote).count(next) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK_FALSE(child_pids(zygote).count(next));  // reaped, not a zombie child
  auto session = runtime.open_session({});
  CHECK(session->pid() != next);
  CHECK(run_cell(*session, "1+1").verdict.verdict == VerdictKind::ok);
}

TEST_CASE("sessions run concurrently from several threads", "[runtime][zygote]") {
  Runtime& runtime = shared_runtime();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        auto session = runtime.open_session({});
        const CellRun run =
            run_cell(*session, "import time\ntime.sleep(0.01)\n" + std::to_string(t) + " * 10");
        if (run.verdict.verdict == VerdictKind::ok && run.results().size() == 1 &&
            run.results()[0].data["text/plain"] == std::to_string(t * 10))
          ++ok;
      }
    });
  for (auto& thread : threads) thread.join();
  CHECK(ok == 20);
}

TEST_CASE("sessions are confined by the sandbox", "[runtime][zygote]") {
  auto session = shared_runtime().open_session({});
  const CellRun run = run_cell(*session,
                               "import socket\n"
                               "try:\n"
                               "    socket.create_connection(('1.1.1.1', 80), timeout=1)\n"
                               "    print('network')\n"
                               "except OSError:\n"
                               "    print('no network')\n");
  CHECK(run.stdout_text() == "no network\n");
  CHECK_FALSE(run.verdict.isolation_level.empty());
  WARN("isolation level " << run.verdict.isolation_level);
}

// The kernel blocks SIGINT in all its threads and starts the runtime from a background thread
// that then ends: the zygote must neither inherit the blocked mask (sessions are interrupted
// with SIGINT) nor die with the thread that spawned it (PR_SET_PDEATHSIG semantics).
TEST_CASE(
    "a runtime started by a short-lived thread with SIGINT blocked outlives it and interrupts",
    "[runtime][zygote]") {
  using namespace std::chrono_literals;
  std::unique_ptr<Runtime> runtime;
  std::thread starter([&] {
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    pthread_sigmask(SIG_BLOCK, &interrupt, nullptr);
    runtime = Runtime::start(test_policy());
  });
  starter.join();
  std::this_thread::sleep_for(200ms);
  REQUIRE(::kill(static_cast<pid_t>(runtime->worker_info().value("pid", 0)), 0) == 0);
  auto session = runtime->open_session({});
  std::thread interrupter([&] {
    std::this_thread::sleep_for(500ms);
    session->interrupt();
  });
  const auto started = std::chrono::steady_clock::now();
  const CellRun run = run_cell(*session, "import time\ntime.sleep(100)", false, 10s);
  interrupter.join();
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  REQUIRE(run.verdict.error);
  CHECK(run.verdict.error->ename == "KeyboardInterrupt");
  CHECK(run_cell(*session, "1+1").verdict.verdict == VerdictKind::ok);
}

TEST_CASE("a reserved session is what the next open with equal options returns",
          "[runtime][zygote]") {
  // Counts the zygote's children: without the spare child, every child is a session.
  RuntimePolicy policy = test_policy();
  policy.spare_session_child = false;
  auto owned = Runtime::start(policy);
  Runtime& runtime = *owned;
  const int zygote = runtime.worker_info()["pid"];
  char pattern[] = "/tmp/gradebox-reserve-XXXXXX";
  REQUIRE(::mkdtemp(pattern) != nullptr);
  const std::string dir = pattern;
  SessionOptions options;
  options.working_directory = dir;
  options.environment = {{"NBGRADER_EXECUTION", "autograde"}};

  // The zygote's children once some exist (a reservation opens in the background).
  const auto some_children = [&] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (children_of(zygote).empty() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return children_of(zygote);
  };
  runtime.reserve_session(options);
  const std::string reserved_child = some_children();
  REQUIRE_FALSE(reserved_child.empty());

  {
    auto session = runtime.open_session(options);
    // Taken, not forked anew: still one child, and it is this session.
    CHECK(children_of(zygote) == reserved_child);
    CHECK(std::to_string(session->pid()) + " " == reserved_child);
    const CellRun run =
        run_cell(*session, "import os\nprint(os.getcwd(), os.environ['NBGRADER_EXECUTION'])");
    CHECK(run.stdout_text() == dir + " autograde\n");
    CHECK(run.verdict.execution_count == 1);
  }
  // Other options never get a reservation made for someone else.
  runtime.reserve_session(options);
  auto scratch = runtime.open_session({});
  const CellRun elsewhere = run_cell(*scratch, "import os\nprint(os.getcwd() == '" + dir + "')");
  CHECK(elsewhere.stdout_text() == "False\n");
  scratch->close();
  const std::string untaken = some_children();
  REQUIRE_FALSE(untaken.empty());
  owned.reset();  // closes the reservation that was never taken, then the zygote
  CHECK_FALSE(std::filesystem::exists("/proc/" + untaken.substr(0, untaken.find(' '))));
  std::filesystem::remove_all(dir);
}
