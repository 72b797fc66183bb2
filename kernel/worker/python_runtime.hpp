// The zygote's interpreter: starts embedded CPython (isolated, no student paths), loads the
// Python half (bootstrap.py), preloads modules, and captures the primitives the C++ side uses
// later. Everything captured here was taken before any student code ran.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gradebox::worker {

struct PythonOptions {
  std::string mode = "auto";  // auto | ipython | plain
  std::vector<std::string> preload;
  bool warm_completion = true;  // run one completion in the zygote (imports and primes jedi)
};

// Borrowed-for-life references (the zygote and its children never release them).
struct PythonPrimitives {
  PyObject* bootstrap = nullptr;        // module _gradebox_boot
  PyObject* session_adapter = nullptr;  // IPythonSession or PlainShell
  PyObject* user_ns = nullptr;          // the notebook namespace (dict)
  PyObject* run_cell = nullptr;         // adapter.run_cell(code, store_history, silent, count)
  PyObject* take_payloads = nullptr;    // adapter.take_payloads(): the last cell's IPython payloads
  PyObject* complete = nullptr;
  PyObject* inspect = nullptr;
  PyObject* is_complete = nullptr;
  PyObject* transform_locked_cell = nullptr;  // None without IPython
  PyObject* enter_session = nullptr;
  PyObject* set_stdin_allowed = nullptr;
  PyObject* deliver_comm = nullptr;       // comms.deliver(msg_type, content, metadata, buffers)
  PyObject* set_parent_msg_id = nullptr;  // comms.set_parent_msg_id(msg_id)
  PyObject* format_exception = nullptr;   // traceback.format_exception
  PyObject* expr_type = nullptr;          // _ast.Expr
  PyObject* gettrace = nullptr;
  PyObject* settrace = nullptr;
  PyObject* getprofile = nullptr;
  PyObject* setprofile = nullptr;
  nlohmann::json info;  // python/ipython versions, preloaded, skipped, threads
};

// Throws std::runtime_error with the Python error text when the interpreter cannot start or
// mode "ipython" was asked for without IPython.
PythonPrimitives start_python(const PythonOptions& options);

// The pending Python error as one line ("ImportError: ..."), cleared.
std::string take_python_error();

}  // namespace gradebox::worker
