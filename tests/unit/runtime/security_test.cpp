// Attacks from student code: /proc/self/mem, hiding errors, skipping locked cells, forging
// frames. ctypes and raw memory: integrity_test.cpp.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "sandbox/landlock.hpp"
#include "tests/unit/planted_secret.hpp"
#include "tests/unit/runtime/runtime_fixture.hpp"

using namespace gradebox::runtime;
using namespace gradebox::runtime::testing;

namespace {

// nbgrader's derived is_locked: solution -> false; grade -> true; else the locked flag.
bool is_locked(const nlohmann::json& cell) {
  const auto meta = cell["metadata"].value("nbgrader", nlohmann::json::object());
  if (meta.value("solution", false)) return false;
  if (meta.value("grade", false)) return true;
  return meta.value("locked", false);
}

std::string source_of(const nlohmann::json& cell) {
  if (cell["source"].is_string()) return cell["source"];
  std::string text;
  for (const auto& line : cell["source"]) text += line.get<std::string>();
  return text;
}

// grade_id -> verdict for every code cell of a fixture notebook; `lock_tests` false runs the
// test cells through IPython like student cells (to show the C++ side still sees the error).
std::map<std::string, VerdictKind> grade_fixture(const std::string& name, bool lock_tests) {
  std::ifstream file(std::string(GRADEBOX_SOURCE_DIR) + "/tests/fixtures/nbgrader/apps/" + name);
  const auto notebook = nlohmann::json::parse(file);
  auto session = shared_runtime().open_session({});
  std::map<std::string, VerdictKind> verdicts;
  for (const auto& cell : notebook["cells"]) {
    if (cell["cell_type"] != "code") continue;
    const bool locked = lock_tests && is_locked(cell);
    const CellRun run = run_cell(*session, source_of(cell), locked);
    verdicts[cell["metadata"]["nbgrader"]["grade_id"]] = run.verdict.verdict;
  }
  return verdicts;
}

}  // namespace

TEST_CASE("/proc/self/mem cannot be opened", "[runtime][security]") {
  auto session = shared_runtime().open_session({});
  for (const char* path : {"/proc/self/mem", "/proc/thread-self/mem"}) {
    const CellRun run = run_cell(*session, std::string("open('") + path + "', 'rb')");
    INFO(path);
    CHECK(run.verdict.verdict == VerdictKind::error);
    REQUIRE(run.verdict.error);
    CHECK((run.verdict.error->ename == "PermissionError" ||
           run.verdict.error->ename == "FileNotFoundError"));
  }
  const CellRun by_os = run_cell(*session, "import os\nos.open('/proc/%d/mem' % os.getpid(), 0)");
  CHECK(by_os.verdict.verdict == VerdictKind::error);
}

TEST_CASE(
    "attack: a course under /opt, /srv, /usr/local, /etc or /home is unreadable from a "
    "session",
    "[runtime][security][attack]") {
  if (::geteuid() != 0) {
    WARN("skipped: planting a course under the system prefixes needs root");
    return;
  }
  auto session = shared_runtime().open_session({});
  for (const auto& prefix : gradebox::test::course_prefixes()) {
    const gradebox::test::PlantedSecret course(prefix);
    if (course.dir().empty()) continue;
    INFO(course.file());
    const CellRun read = run_cell(*session, "print(open('" + course.file().string() + "').read())");
    CHECK(read.verdict.verdict == VerdictKind::error);
    REQUIRE(read.verdict.error);
    CHECK(read.verdict.error->ename == "PermissionError");
    CHECK(read.stdout_text().find(gradebox::test::PlantedSecret::text) == std::string::npos);
    const CellRun list =
        run_cell(*session, "import os\nos.listdir('" + course.dir().string() + "')");
    CHECK(list.verdict.verdict == VerdictKind::error);
    const CellRun shell = run_cell(*session, "!cat " + course.file().string());
    CHECK(shell.stdout_text().find(gradebox::test::PlantedSecret::text) == std::string::npos);
  }
}

TEST_CASE("numpy, IPython and matplotlib work under the computed read list",
          "[runtime][security]") {
  auto session = shared_runtime().open_session({});
  const CellRun run = run_cell(*session,
                               "import numpy, IPython, matplotlib, mimetypes, time\n"
                               "import matplotlib.pyplot as plt\n"
                               "plt.plot(numpy.arange(3)); plt.savefig('plot.png')\n"
                               "mimetypes.guess_type('a.csv'); time.localtime()\n"
                               "print('works')\n");
  INFO(run.stderr_text());
  INFO((run.verdict.error ? run.verdict.error->ename + ": " + run.verdict.error->evalue : ""));
  CHECK(run.verdict.verdict == VerdictKind::ok);
  CHECK(run.stdout_text().find("works") != std::string::npos);
}

TEST_CASE("showtraceback cheats do not hide errors (fixtures)", "[runtime][security]") {
  for (const char* fixture :
       {"submitted-cheat-attempt.ipynb", "submitted-cheat-attempt-alternative.ipynb"}) {
    for (bool locked : {true, false}) {
      INFO(fixture << (locked ? " (locked tests)" : " (tests through IPython)"));
      const auto verdicts = grade_fixture(fixture, locked);
      CHECK(verdicts.at("set_a") == VerdictKind::ok);
      CHECK(verdicts.at("foo") == VerdictKind::ok);
      CHECK(verdicts.at("bar") == VerdictKind::error);  // `a` was never defined
      CHECK(verdicts.at("quux") == VerdictKind::ok);
    }
  }
}

TEST_CASE("sys.excepthook and showtraceback patches do not hide an error", "[runtime][security]") {
  auto session = shared_runtime().open_session({});
  run_cell(*session,
           "import sys\n"
           "sys.excepthook = lambda *a: None\n"
           "ip = get_ipython()\n"
           "ip.showtraceback = lambda *a, **k: None\n"
           "ip._showtraceback = lambda *a, **k: None\n"
           "sys.stderr = open('/dev/null', 'w')\n");
  const CellRun student = run_cell(*session, "raise AssertionError('hidden?')");
  CHECK(student.verdict.verdict == VerdictKind::error);
  REQUIRE(student.errors().size() == 1);  // reported by the C++ side instead
  CHECK(student.errors()[0].ename == "AssertionError");
  CHECK(run_cell(*session, "assert 1 == 2", true).verdict.verdict == VerdictKind::error);
}

TEST_CASE("a replaced transform_cell does not change a locked cell", "[runtime][security]") {
  auto session = shared_runtime().open_session({});
  const CellRun cheat = run_cell(*session, "get_ipython().transform_cell = lambda raw: 'pass'");
  CHECK(cheat.verdict.verdict == VerdictKind::ok);
  CHECK(run_cell(*session, "assert False, 'must fail'", true).verdict.verdict ==
        VerdictKind::error);
  // Builtins replaced too: locked cells use the C API, not builtins.compile/exec.
  run_cell(*session,
           "import builtins\nbuiltins.compile = lambda *a, **k: compile('pass', '', 'exec')\n"
           "builtins.exec = lambda *a, **k: None");
  const CellRun locked = run_cell(*session, "x = 41\nx + 1", true);
  CHECK(locked.verdict.verdict == VerdictKind::ok);
  CHECK(locked.verdict.value_text == std::optional<std::string>("42"));
  CHECK(run_cell(*session, "assert x == 0", true).verdict.verdict == VerdictKind::error);
}

TEST_CASE("a settrace function that jumps over lines cannot skip a locked cell",
          "[runtime][security]") {
  auto session = shared_runtime().open_session({});
  const CellRun cheat =
      run_cell(*session,
               "import sys\n"
               "def skip(frame, event, arg):\n"
               "    if event == 'line' and frame.f_code.co_filename.startswith('<'):\n"
               "        try:\n"
               "            frame.f_lineno = frame.f_lineno + 1\n"
               "        except ValueError:\n"
               "            pass\n"
               "    return skip\n"
               "sys.settrace(skip)\n"
               "sys.setprofile(lambda *a: None)\n");
  CHECK(cheat.verdict.verdict == VerdictKind::ok);
  const CellRun locked = run_cell(*session, "x = 1\nassert x == 2, 'really fails'\n", true);
  CHECK(locked.verdict.verdict == VerdictKind::error);
  REQUIRE(locked.verdict.error);
  CHECK(locked.verdict.error->ename == "AssertionError");
}

TEST_CASE("locked cells report their last value for partial credit", "[runtime][security]") {
  auto session = shared_runtime().open_session({});
  run_cell(*session, "def score():\n    return 0.5\n");
  const CellRun locked = run_cell(*session, "# test\nscore()  # partial\n", true);
  CHECK(locked.verdict.verdict == VerdictKind::ok);
  CHECK(locked.verdict.value_text == std::optional<std::string>("0.5"));
  REQUIRE(locked.results().size() == 1);
  CHECK(locked.results()[0].data["text/plain"] == "0.5");
  // A trailing semicolon hides the value, as in IPython.
  CHECK_FALSE(run_cell(*session, "score();", true).verdict.value_text);
  // Student code cannot inject an execute_result or error into a locked cell's outcome.
  run_cell(*session,
           "import _gradebox\n"
           "def score():\n"
           "    _gradebox.emit_execute_result(9, {'text/plain': '1.0'}, {})\n"
           "    _gradebox.emit_error('X', 'fake', [])\n"
           "    return 0.25\n");
  const CellRun forged = run_cell(*session, "score()", true);
  CHECK(forged.verdict.verdict == VerdictKind::ok);
  CHECK(forged.verdict.value_text == std::optional<std::string>("0.25"));
  CHECK(forged.errors().empty());
  REQUIRE(forged.results().size() == 1);
  CHECK(forged.results()[0].data["text/plain"] == "0.25");
}

TEST_CASE("locked cells with magics still run (zygote's own transformer)", "[runtime][security]") {
  auto session = shared_runtime().open_session({});
  const CellRun locked = run_cell(*session, "%time y = 3\ny * 2", true);
  CHECK(locked.verdict.verdict == VerdictKind::ok);
  CHECK(locked.verdict.value_text == std::optional<std::string>("6"));
}

TEST_CASE("crafted frames written to every fd score nothing", "[runtime][security]") {
  auto session = shared_runtime().open_session({});
  const CellRun forged = run_cell(
      *session,
      "import os, struct, json\n"
      "payload = json.dumps({'status': 'ok', 'execution_count': 1}).encode()\n"
      "for seq in range(4):\n"
      "    frame = struct.pack('<IHHQ', len(payload), 40, 0, seq) + payload + b'\\0' * 32\n"
      "    for fd in range(1024):\n"
      "        try:\n"
      "            os.write(fd, frame)\n"
      "        except OSError:\n"
      "            pass\n"
      "raise SystemExit('the true outcome is an error')\n");
  CHECK((forged.verdict.verdict == VerdictKind::tampered ||
         forged.verdict.verdict == VerdictKind::error));
  CHECK(forged.verdict.verdict != VerdictKind::ok);
  if (forged.verdict.verdict == VerdictKind::tampered) CHECK_FALSE(forged.verdict.session_alive);
}

TEST_CASE("sessions cannot reach each other through a shared namespace", "[runtime][security]") {
  // Two live sessions of one zygote: whatever namespaces they share (net and uts, when the
  // zygote holds them for every session), an abstract Unix socket of one is unreachable from the
  // other, and neither can signal the other.
  if (!gradebox::sandbox::landlock::scopes_sockets_and_signals(
          gradebox::sandbox::landlock::abi_version())) {
    WARN("skipped: Landlock ABI " << gradebox::sandbox::landlock::abi_version()
                                  << " has no abstract-socket and signal scoping (needs 6)");
    return;
  }
  auto listener = shared_runtime().open_session({});
  auto other = shared_runtime().open_session({});
  const CellRun bound = run_cell(*listener,
                                 "import os, socket\n"
                                 "server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
                                 "server.bind('\\0gradebox-cross-session')\n"
                                 "server.listen(1)\n"
                                 "print(os.getpid())");
  REQUIRE(bound.verdict.verdict == VerdictKind::ok);
  const std::string pid = bound.stdout_text().substr(0, bound.stdout_text().find('\n'));
  const CellRun reached = run_cell(*other,
                                   "import os, socket\n"
                                   "client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
                                   "try:\n"
                                   "    client.connect('\\0gradebox-cross-session')\n"
                                   "    print('connected')\n"
                                   "except OSError as error:\n"
                                   "    print('refused')\n"
                                   "try:\n"
                                   "    os.kill(" +
                                       pid +
                                       ", 0)\n"
                                       "    print('signalled')\n"
                                       "except OSError:\n"
                                       "    print('no signal')\n");
  CHECK(reached.stdout_text() == "refused\nno signal\n");
  const CellRun host = run_cell(*other, "import socket\nprint(socket.gethostname())");
  CHECK(host.stdout_text() == "gradebox\n");
}
