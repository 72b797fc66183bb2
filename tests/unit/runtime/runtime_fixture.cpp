// Runtime test helpers.
#include "tests/unit/runtime/runtime_fixture.hpp"

#include <fstream>

namespace gradebox::runtime::testing {

RuntimePolicy test_policy(const std::string& python_mode) {
  RuntimePolicy policy;
  policy.worker_path = GRADEBOX_WORKER_PATH;
  policy.python_mode = python_mode;
  policy.interrupt_grace = std::chrono::milliseconds(1000);
  return policy;
}

std::string children_of(int pid) {
  std::ifstream children("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) +
                         "/children");
  std::string text;
  std::getline(children, text);
  return text;
}

long smaps_kb(int pid, const std::string& field) {
  std::ifstream rollup("/proc/" + std::to_string(pid) + "/smaps_rollup");
  for (std::string line; std::getline(rollup, line);)
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return -1;
}

Runtime& shared_runtime() {
  static std::unique_ptr<Runtime> runtime = Runtime::start(test_policy());
  return *runtime;
}

std::string CellRun::stdout_text() const {
  std::string text;
  for (const auto& event : events)
    if (const auto* s = std::get_if<StreamEvent>(&event);
        s && s->name == StreamEvent::Name::stdout_stream)
      text += s->text;
  return text;
}

std::string CellRun::stderr_text() const {
  std::string text;
  for (const auto& event : events)
    if (const auto* s = std::get_if<StreamEvent>(&event);
        s && s->name == StreamEvent::Name::stderr_stream)
      text += s->text;
  return text;
}

std::vector<std::string> CellRun::stream_sequence() const {
  std::vector<std::string> sequence;
  for (const auto& event : events)
    if (const auto* s = std::get_if<StreamEvent>(&event))
      sequence.push_back((s->name == StreamEvent::Name::stdout_stream ? "out:" : "err:") + s->text);
  return sequence;
}

template <typename T>
std::vector<T> collect(const std::vector<Event>& events) {
  std::vector<T> found;
  for (const auto& event : events)
    if (const auto* e = std::get_if<T>(&event)) found.push_back(*e);
  return found;
}

std::vector<ExecuteResultEvent> CellRun::results() const {
  return collect<ExecuteResultEvent>(events);
}
std::vector<ErrorEvent> CellRun::errors() const {
  return collect<ErrorEvent>(events);
}
std::vector<DisplayDataEvent> CellRun::displays() const {
  return collect<DisplayDataEvent>(events);
}

CellRun run_cell(Session& session, const std::string& code, bool locked,
                 std::optional<std::chrono::milliseconds> timeout) {
  CellRun run;
  ExecuteRequest request;
  request.code = code;
  request.locked = locked;
  request.timeout = timeout;
  run.verdict = session.execute(request, [&](const Event& event) { run.events.push_back(event); });
  return run;
}

}  // namespace gradebox::runtime::testing
