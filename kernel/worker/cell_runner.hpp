// Serves a session's requests inside the child: execute (student cells through the Python half,
// locked cells through run_locked_cell), comm deliveries, complete, inspect, is_complete, history.
// The cell's outcome (cell_done frame) is decided here, in C++, from the execution result itself.
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
  // A frontend's comm message, handed to the session's comms (comms.py); replies like a silent
  // cell (cell_done), since the comm's callbacks run student code.
  nlohmann::json deliver_comm(const nlohmann::json& request);

 private:
  struct HistoryLine {
    int line;
    std::string input;
    std::optional<std::string> output;
  };
  nlohmann::json error_payload(PyObject* exception) const;
  // The common end of execute and deliver_comm: counts, usage, integrity, status and error.
  nlohmann::json finish_reply(nlohmann::json reply, PyObject* exception, bool silent);
  // The Jupyter request being served, for widgets.Output.
  void set_parent_msg_id(const nlohmann::json& request);

  const PythonPrimitives& p_;
  EventBridge& bridge_;
  int execution_count_ = 0;
  std::vector<HistoryLine> history_;
};

}  // namespace gradebox::worker
