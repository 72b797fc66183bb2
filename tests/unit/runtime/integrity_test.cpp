// The integrity boundary of a session (kernel/worker/integrity_watch.hpp): ctypes and the
// scientific stack work; student-origin native and raw-memory use and interpreter tampering are
// findings in the cell's verdict; library-internal ctypes use is not; asserts in locked cells
// survive the optimisation-level attack; a session cannot find an earlier session's paths.
#include <Python.h>  // offsetof(PyConfig, optimization_level) for the attack below

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "tests/unit/runtime/runtime_fixture.hpp"

using namespace gradebox::runtime;
using namespace gradebox::runtime::testing;

namespace {

bool has_finding(const CellVerdict& verdict, const std::string& kind, const std::string& text) {
  for (const auto& finding : verdict.integrity)
    if (finding.kind == kind && finding.detail.find(text) != std::string::npos) return true;
  return false;
}

std::string findings_text(const CellVerdict& verdict) {
  std::string text;
  for (const auto& finding : verdict.integrity) text += finding.kind + ": " + finding.detail + "\n";
  return text;
}

bool python_has(const std::string& module) {
  return std::system(("/usr/bin/python3 -c 'import " + module + "' 2>/dev/null").c_str()) == 0;
}

}  // namespace

TEST_CASE("ctypes works, and student code's native calls and raw memory use are findings",
          "[runtime][integrity]") {
  auto session = shared_runtime().open_session({});
  const CellRun run = run_cell(*session,
                               "import ctypes\n"
                               "libc = ctypes.CDLL(None)\n"
                               "print(libc.abs(-3))\n"
                               "buffer = ctypes.create_string_buffer(b'hi')\n"
                               "print(ctypes.string_at(ctypes.addressof(buffer), 2))\n"
                               "ctypes.memmove(buffer, b'ok', 2)\n"
                               "print(buffer.value)\n");
  CHECK(run.verdict.verdict == VerdictKind::ok);
  CHECK(run.stdout_text() == "3\nb'hi'\nb'ok'\n");
  INFO(findings_text(run.verdict));
  CHECK(has_finding(run.verdict, "native_code", "ctypes.dlopen the process itself from <"));
  CHECK(has_finding(run.verdict, "native_code", "ctypes.dlsym abs"));
  CHECK(has_finding(run.verdict, "raw_memory", "ctypes.addressof"));
  CHECK(has_finding(run.verdict, "raw_memory", "ctypes.string_at"));
  CHECK(has_finding(run.verdict, "raw_memory", "ctypes.memmove from <"));
  // Each finding once per session: the same calls again add nothing.
  const CellRun again = run_cell(*session, "libc.abs(-3)");
  CHECK(again.verdict.integrity.empty());
  // A locked cell calling a student's function: the finding names the student's code.
  run_cell(*session, "def helper():\n    return ctypes.CDLL(None).labs(-5)\n");
  const CellRun locked = run_cell(*session, "assert helper() == 5", true);
  CHECK(locked.verdict.verdict == VerdictKind::ok);
  CHECK(has_finding(locked.verdict, "native_code", "ctypes.dlsym labs"));
}

TEST_CASE("library ctypes use and ordinary cells are no finding", "[runtime][integrity]") {
  auto session = shared_runtime().open_session({});
  const CellRun numpy = run_cell(*session,
                                 "import ctypes, numpy\n"
                                 "pointer = numpy.arange(3.0).ctypes.data_as(ctypes.c_void_p)\n"
                                 "print(numpy.ones(2).sum())\n");
  CHECK(numpy.verdict.verdict == VerdictKind::ok);
  INFO(findings_text(numpy.verdict));
  CHECK(numpy.verdict.integrity.empty());
  const CellRun locked = run_cell(*session, "import ctypes\nctypes.CDLL(None).abs(-1)", true);
  CHECK(locked.verdict.verdict == VerdictKind::ok);
  INFO(findings_text(locked.verdict));
  CHECK(locked.verdict.integrity.empty());
  CHECK(run_cell(*session, "x = [len('ab'), max(1, 2)]").verdict.integrity.empty());
  CHECK(run_cell(*session, "assert x == [2, 2]", true).verdict.integrity.empty());
}

TEST_CASE("the scientific stack imports and works in a sandboxed session", "[runtime][integrity]") {
  // The host's best level, and rlimit (RLIMIT_AS instead of a cgroup: the tightest for LLVM).
  const std::string level = GENERATE(as<std::string>{}, "", "rlimit");
  RuntimePolicy policy = test_policy();
  // The limit courses get by default (the kernel's and the grader's): at the rlimit level numba's
  // LLVM, loaded after pandas, scipy, sklearn and statsmodels, needs more address space than 512
  // MiB.
  policy.limits.memory_bytes = gradebox::sandbox::Limits{}.memory_bytes;
  policy.max_isolation_level = level;
  auto runtime = level.empty() ? nullptr : Runtime::start(policy);
  Runtime& chosen = runtime ? *runtime : shared_runtime();
  auto session = chosen.open_session({});
  INFO("isolation level " << (level.empty() ? "best" : level));
  const std::vector<std::pair<std::string, std::string>> uses = {
      {"pandas", "import pandas\nprint(pandas.DataFrame({'a': [1, 2, 3]})['a'].sum())"},
      {"scipy",
       "import scipy.linalg, scipy.optimize\n"
       "print(round(scipy.optimize.brentq(lambda t: t * t - 4, 0, 5), 6))"},
      {"sklearn",
       "from sklearn.linear_model import LinearRegression\n"
       "print(round(LinearRegression().fit([[0], [1]], [1, 3]).coef_[0], 6))"},
      {"statsmodels",
       "import statsmodels.api as sm\n"
       "print(len(sm.OLS([1.0, 2.0, 3.0], sm.add_constant([1.0, 2.0, 4.0])).fit()"
       ".params))"},
      {"sympy", "import sympy\nprint(sympy.integrate(sympy.Symbol('x')))"},
      {"numba", "import numba\nprint(numba.njit(lambda v: v * 2)(21))"},
      {"matplotlib",
       "import io, matplotlib.pyplot as plt\nplt.plot([1, 2])\n"
       "plt.savefig(io.BytesIO(), format='png')\nprint('plotted')"},
      {"ipywidgets", "import ipywidgets\nprint(ipywidgets.IntSlider(value=3).value)"},
  };
  const std::map<std::string, std::string> expected = {
      {"pandas", "6\n"},           {"scipy", "2.0\n"},    {"sklearn", "2.0\n"},
      {"statsmodels", "2\n"},      {"sympy", "x**2/2\n"}, {"numba", "42\n"},
      {"matplotlib", "plotted\n"}, {"ipywidgets", "3\n"}};
  for (const auto& [module, code] : uses) {
    if (!python_has(module)) {
      WARN(module << " is not installed: not checked (scripts/install-deps.sh installs it)");
      continue;
    }
    INFO(module);
    const CellRun run = run_cell(*session, code);
    INFO(run.verdict.reason);
    CHECK(run.verdict.verdict == VerdictKind::ok);
    CHECK(run.stdout_text() == expected.at(module));
    INFO(findings_text(run.verdict));
    CHECK(run.verdict.integrity.empty());
    if (!session->alive()) session = chosen.open_session({});
  }
}

TEST_CASE("the optimisation-level attack through __array_interface__ leaves locked asserts on",
          "[runtime][integrity]") {
  auto session = shared_runtime().open_session({});
  // ctypes only finds the address; the write itself is numpy's raw memory view.
  const std::string attack =
      "import ctypes, numpy\n"
      "config = ctypes.pythonapi._PyInterpreterState_GetConfig\n"
      "config.restype, config.argtypes = ctypes.c_void_p, [ctypes.c_void_p]\n"
      "interpreter = ctypes.pythonapi.PyInterpreterState_Get\n"
      "interpreter.restype = ctypes.c_void_p\n"
      "address = config(interpreter()) + " +
      std::to_string(offsetof(PyConfig, optimization_level)) +
      "\n"
      "class Raw:\n"
      "    __array_interface__ = {'shape': (1,), 'typestr': '<i4', 'data': (address, False),\n"
      "                           'version': 3}\n"
      "level = numpy.asarray(Raw())\n"
      "level[0] = 2\n"
      "exec(compile('assert False', '<student>', 'exec'))\n"
      "print('asserts off for student code')\n";
  const CellRun flipped = run_cell(*session, attack);
  REQUIRE(flipped.verdict.verdict == VerdictKind::ok);
  CHECK(flipped.stdout_text() == "asserts off for student code\n");
  CHECK(has_finding(flipped.verdict, "native_code", "ctypes.dlsym _PyInterpreterState_GetConfig"));

  const CellRun hidden_test = run_cell(*session, "assert 1 == 2, 'hidden test'", true);
  CHECK(hidden_test.verdict.verdict == VerdictKind::error);
  REQUIRE(hidden_test.verdict.error);
  CHECK(hidden_test.verdict.error->ename == "AssertionError");
  INFO(findings_text(hidden_test.verdict));
  CHECK(
      has_finding(hidden_test.verdict, "interpreter_tampered", "optimisation level changed to 2"));
  // `if __debug__` blocks in a locked cell run too (__debug__ follows the compile's optimize).
  const CellRun debug = run_cell(*session, "if __debug__:\n    raise AssertionError('ran')", true);
  CHECK(debug.verdict.verdict == VerdictKind::error);
}

TEST_CASE("replaced builtins are a finding before the next locked cell", "[runtime][integrity]") {
  auto session = shared_runtime().open_session({});
  run_cell(*session, "import builtins\nbuiltins.len = lambda value: 3\n");
  const CellRun patched = run_cell(*session, "assert len('abc') == 3", true);
  CHECK(patched.verdict.verdict == VerdictKind::ok);
  INFO(findings_text(patched.verdict));
  CHECK(has_finding(patched.verdict, "interpreter_tampered", "builtins replaced or removed"));
  CHECK(has_finding(patched.verdict, "interpreter_tampered", "len"));
}

TEST_CASE("a session finds no trace of an earlier session's directory", "[runtime][integrity]") {
  // The path is split in two halves that this test's cell never joins, so the scan cannot
  // find its own needle: only the first session's path has them adjacent.
  const std::string first_half = "gbxtrace" + std::to_string(::getpid()) + "q7Zk";
  const std::string second_half = "w3Xv9PathOfSessionOne";
  const auto dir =
      std::filesystem::temp_directory_path() / ("gradebox-integrity-" + first_half + second_half);
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(dir, std::filesystem::perms::all);
  {
    SessionOptions options;
    options.working_directory = dir;
    options.environment = {{"FIRST_SESSION_DIR", dir.string()}};
    auto first = shared_runtime().open_session(options);
    CHECK(run_cell(*first, "import os\nprint(os.getcwd())").stdout_text() == dir.string() + "\n");
    first->close();
  }
  auto second = shared_runtime().open_session({});
  // The C heap (brk arena) holds what the zygote's C++ side parsed; /proc/self/mem and
  // /proc/self/maps are closed to a session, so the arena's bounds come from malloc itself.
  const std::string scan =
      "import ctypes, os, sys\n"
      "class Mallinfo2(ctypes.Structure):\n"
      "    _fields_ = [(name, ctypes.c_size_t) for name in ('arena', 'ordblks', 'smblks', "
      "'hblks',\n"
      "                'hblkhd', 'usmblks', 'fsmblks', 'uordblks', 'fordblks', 'keepcost')]\n"
      "libc = ctypes.CDLL(None)\n"
      "libc.mallinfo2.restype = Mallinfo2\n"
      "libc.sbrk.restype = ctypes.c_void_p\n"
      "libc.memmem.restype = ctypes.c_void_p\n"
      "libc.memmem.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p, "
      "ctypes.c_size_t]\n"
      "def count(first, second):\n"
      "    end = libc.sbrk(0)\n"
      "    position, hits = end - libc.mallinfo2().arena, 0\n"
      "    while True:\n"
      "        found = libc.memmem(position, end - position, first, len(first))\n"
      "        if not found:\n"
      "            return hits\n"
      "        tail = found + len(first)\n"
      "        hits += tail + len(second) <= end and ctypes.string_at(tail, len(second)) == "
      "second\n"
      "        position = found + 1\n"
      "own = os.getcwd().encode()\n"
      "print(count(own[:len(own) // 2], own[len(own) // 2:]) > 0)  # the scan sees a live path\n"
      "a, b = b'" +
      first_half + "', b'" + second_half +
      "'\n"
      "hits = count(a, b)\n"
      "needle = (a + b).decode()  # joined only now, after the heap scan\n"
      "texts = list(os.environ.values()) + list(sys.modules) + sys.path + [os.getcwd()]\n"
      "hits += sum(needle in text for text in texts)\n"
      "print(hits)\n";
  const CellRun run = run_cell(*second, scan);
  INFO(run.verdict.reason);
  CHECK(run.verdict.verdict == VerdictKind::ok);
  CHECK(run.stdout_text() == "True\n0\n");
  std::filesystem::remove_all(dir);
}
