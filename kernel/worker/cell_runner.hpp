// Serves a session's requests inside the child: execute (student cells through the Python half,
// locked cells through run_locked_cell), complete, inspect, is_complete, history. The cell's
// outcome (cell_done frame) is decided here, in C++, from the execution result itself.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kernel/worker/event_bridge.hpp"
#include "kernel/worker/python_runtime.hpp"

namespace gradebox::worker {

class CellRunner {
 public:
  CellRunner(const PythonPrimitives& primitives, EventBridge& bridge)
      : p_(primitives), bridge_(bridge) {}

  // Each returns the reply payload.
  nlohmann::json execute(const nlohmann::json& request);
  nlohmann::json complete(const nlohmann::json& request);
  nlohmann::json inspect(const nlohmann::json& request);
  nlohmann::json is_complete(const nlohmann::json& request);
  nlohmann::json history(const nlohmann::json& request) const;

 private:
  struct HistoryLine {
    int line;
    std::string input;
    std::optional<std::string> output;
  };
  nlohmann::json error_payload(PyObject* exception) const;

  const PythonPrimitives& p_;
  EventBridge& bridge_;
  int execution_count_ = 0;
  std::vector<HistoryLine> history_;
};

}  // namespace gradebox::worker
