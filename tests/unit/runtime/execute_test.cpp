// Python semantics through the runtime: streams, results, errors, display, magics, input,
// editor services, and the plain (no IPython) fallback.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>

#include "tests/unit/runtime/runtime_fixture.hpp"

using namespace gradebox::runtime;
using namespace gradebox::runtime::testing;

TEST_CASE("1+1 gives an execute_result and verdict ok", "[runtime]") {
  auto session = shared_runtime().open_session({});
  const CellRun run = run_cell(*session, "1+1");
  CHECK(run.verdict.verdict == VerdictKind::ok);
  REQUIRE(run.results().size() == 1);
  CHECK(run.results()[0].data["text/plain"] == "2");
  CHECK(run.results()[0].execution_count == 1);
  CHECK(run.verdict.execution_count == 1);
  CHECK(run.verdict.session_alive);
}

TEST_CASE("stdout and stderr arrive in the order they were written", "[runtime]") {
  auto session = shared_runtime().open_session({});
  const CellRun run = run_cell(*session,
                               "import sys\n"
                               "print('one')\n"
                               "print('two', file=sys.stderr)\n"
                               "_ = sys.stdout.write('three\\n')\n");
  CHECK(run.verdict.verdict == VerdictKind::ok);
  std::vector<std::string> merged;
  for (const auto& chunk : run.stream_sequence()) {
    if (!merged.empty() && merged.back().substr(0, 4) == chunk.substr(0, 4))
      merged.back() += chunk.substr(4);
    else
      merged.push_back(chunk);
  }
  CHECK(merged == std::vector<std::string>{"out:one\n", "err:two\n", "out:three\n"});
  CHECK(run.results().empty());
}

TEST_CASE("an exception is an error verdict with an IPython traceback", "[runtime]") {
  auto session = shared_runtime().open_session({});
  const CellRun run = run_cell(*session, "def f():\n    return 1/0\nf()");
  CHECK(run.verdict.verdict == VerdictKind::error);
  REQUIRE(run.verdict.error);
  CHECK(run.verdict.error->ename == "ZeroDivisionError");
  CHECK(run.verdict.error->evalue == "division by zero");
  CHECK(run.verdict.session_alive);
  const auto errors = run.errors();
  REQUIRE(errors.size() == 1);
  std::string traceback;
  for (const auto& line : errors[0].traceback) traceback += line + "\n";
  traceback = std::regex_replace(traceback, std::regex("\x1b\\[[0-9;]*m"), "");
  CHECK(traceback.find("ZeroDivisionError") != std::string::npos);
  CHECK(traceback.find("----> 3") != std::string::npos);  // IPython's arrow at the failing line
  // The session goes on.
  const CellRun next = run_cell(*session, "2*3");
  REQUIRE(next.results().size() == 1);
  CHECK(next.results()[0].data["text/plain"] == "6");
}

TEST_CASE("display(), rich reprs and update_display_data", "[runtime]") {
  auto session = shared_runtime().open_session({});
  const CellRun shown = run_cell(*session,
                                 "from IPython.display import display, HTML\n"
                                 "h = display(HTML('<b>x</b>'), display_id='d1')\n"
                                 "h.update(HTML('<i>y</i>'))\n");
  CHECK(shown.verdict.verdict == VerdictKind::ok);
  REQUIRE(shown.displays().size() == 1);
  CHECK(shown.displays()[0].data["text/html"] == "<b>x</b>");
  CHECK(shown.displays()[0].transient["display_id"] == "d1");
  bool updated = false;
  for (const auto& event : shown.events)
    if (const auto* u = std::get_if<UpdateDisplayDataEvent>(&event))
      updated = u->data["text/html"] == "<i>y</i>";
  CHECK(updated);

  const CellRun rich = run_cell(*session,
                                "class Rich:\n"
                                "    def _repr_html_(self): return '<p>rich</p>'\n"
                                "    def _repr_png_(self): return b'\\x89PNG fake'\n"
                                "Rich()");
  REQUIRE(rich.results().size() == 1);
  CHECK(rich.results()[0].data["text/html"] == "<p>rich</p>");
  CHECK(rich.results()[0].data["image/png"] == "iVBORyBmYWtl");  // base64 of the bytes
}

TEST_CASE("magics work with IPython: %time and %matplotlib inline", "[runtime]") {
  auto session = shared_runtime().open_session({});
  const CellRun timed = run_cell(*session, "%time x = sum(range(10))");
  CHECK(timed.verdict.verdict == VerdictKind::ok);
  CHECK(timed.stdout_text().find("Wall time") != std::string::npos);

  const CellRun plot = run_cell(*session,
                                "%matplotlib inline\n"
                                "import matplotlib.pyplot as plt\n"
                                "plt.plot([1, 2, 3])\n"
                                "plt.show()\n");
  CHECK(plot.verdict.verdict == VerdictKind::ok);
  REQUIRE(!plot.displays().empty());
  CHECK(plot.displays().back().data.contains("image/png"));
}

TEST_CASE("obj? and %page go to the pager, not to the output", "[runtime]") {
  auto session = shared_runtime().open_session({});
  const CellRun help = run_cell(*session, "len?");
  CHECK(help.verdict.verdict == VerdictKind::ok);
  REQUIRE(help.verdict.pages.size() == 1);
  CHECK(help.verdict.pages[0].data.value("text/plain", "").find("Return the number of items") !=
        std::string::npos);
  CHECK(help.stdout_text().empty());

  const CellRun paged = run_cell(*session, "text = 'page me'\n%page text");
  REQUIRE(paged.verdict.pages.size() == 1);
  CHECK(paged.verdict.pages[0].data.value("text/plain", "").find("page me") != std::string::npos);
  // Payloads belong to one cell only.
  CHECK(run_cell(*session, "1").verdict.pages.empty());
}

TEST_CASE("In and Out follow the execution count", "[runtime]") {
  auto session = shared_runtime().open_session({});
  run_cell(*session, "40 + 2");
  const CellRun run = run_cell(*session, "print(In[1], Out[1])");
  CHECK(run.stdout_text() == "40 + 2 42\n");
  CHECK(run.verdict.execution_count == 2);
}

TEST_CASE("input() fails without allow_stdin and works with it", "[runtime]") {
  auto session = shared_runtime().open_session({});
  const CellRun refused = run_cell(*session, "input('name? ')");
  CHECK(refused.verdict.verdict == VerdictKind::error);
  REQUIRE(refused.verdict.error);
  CHECK(refused.verdict.error->ename == "StdinNotImplementedError");

  ExecuteRequest request;
  request.code = "print('hello', input('name? '))";
  request.allow_stdin = true;
  std::string prompt, output;
  const CellVerdict verdict = session->execute(
      request,
      [&](const Event& event) {
        if (const auto* s = std::get_if<StreamEvent>(&event)) output += s->text;
      },
      [&](const InputRequestEvent& asked) -> std::optional<InputReply> {
        prompt = asked.prompt;
        return InputReply{"ada"};
      });
  CHECK(verdict.verdict == VerdictKind::ok);
  CHECK(prompt == "name? ");
  CHECK(output == "hello ada\n");
}

TEST_CASE("the session sees a scrubbed environment, its configured variables and its cwd",
          "[runtime]") {
  const auto dir = std::filesystem::temp_directory_path() / "gradebox-runtime-env-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "data.txt") << "42\n";
  ::setenv("GRADEBOX_TEST_SECRET", "leak", 1);
  SessionOptions options;
  options.working_directory = dir;
  options.environment = {{"NBGRADER_EXECUTION", "autograde"}};
  auto session = shared_runtime().open_session(options);
  const CellRun run = run_cell(*session,
                               "import os\n"
                               "print(os.environ.get('NBGRADER_EXECUTION'))\n"
                               "print(os.environ.get('GRADEBOX_TEST_SECRET'))\n"
                               "print(os.getcwd())\n"
                               "print(open('data.txt').read().strip())\n");
  CHECK(run.verdict.verdict == VerdictKind::ok);
  CHECK(run.stdout_text() == "autograde\nNone\n" + dir.string() + "\n42\n");
  session->close();
  std::filesystem::remove_all(dir);
}

TEST_CASE("complete, inspect, is_complete and history", "[runtime]") {
  auto session = shared_runtime().open_session({});
  run_cell(*session, "gradebox_value = 1");
  const CompleteReply completed = session->complete({"gradebox_v", 10});
  INFO(completed.matches.size());
  CHECK(std::find(completed.matches.begin(), completed.matches.end(), "gradebox_value") !=
        completed.matches.end());
  CHECK(completed.cursor_start == 0);
  CHECK(completed.cursor_end == 10);
  // Builtins need jedi's stub inference, whose parse cache must not live on disk out of reach.
  const CompleteReply builtin = session->complete({"zi", 2});
  CHECK(std::find(builtin.matches.begin(), builtin.matches.end(), "zip") != builtin.matches.end());

  const InspectReply inspected = session->inspect({"len", 3, 0});
  CHECK(inspected.found);
  CHECK(inspected.data.contains("text/plain"));

  CHECK(session->is_complete({"for i in range(3):"}).status == "incomplete");
  CHECK(session->is_complete({"x = 1"}).status == "complete");
  CHECK(session->is_complete({"x = )"}).status == "invalid");

  run_cell(*session, "6 * 7");
  HistoryRequest tail;
  tail.output = true;
  const HistoryReply history = session->history(tail);
  REQUIRE(history.history.size() == 2);
  CHECK(history.history[1].input == "6 * 7");
  CHECK(history.history[1].output == std::optional<std::string>("42"));
}

TEST_CASE("plain mode: same event shapes without IPython", "[runtime]") {
  auto runtime = Runtime::start(test_policy("plain"));
  CHECK(runtime->worker_info()["mode"] == "plain");
  auto session = runtime->open_session({});
  const CellRun value = run_cell(*session, "print('hi')\n1+1");
  CHECK(value.verdict.verdict == VerdictKind::ok);
  CHECK(value.stdout_text() == "hi\n");
  REQUIRE(value.results().size() == 1);
  CHECK(value.results()[0].data["text/plain"] == "2");

  const CellRun failed = run_cell(*session, "raise ValueError('bad')");
  CHECK(failed.verdict.verdict == VerdictKind::error);
  REQUIRE(failed.errors().size() == 1);
  CHECK(failed.errors()[0].ename == "ValueError");
  CHECK(failed.errors()[0].evalue == "bad");

  CHECK(session->is_complete({"if x:"}).status == "incomplete");
}
