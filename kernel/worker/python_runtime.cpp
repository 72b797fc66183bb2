// Embedded CPython start-up for the zygote.
#include "kernel/worker/python_runtime.hpp"

#include <stdexcept>

#include "kernel/worker/audit_guard.hpp"
#include "kernel/worker/bootstrap_source.hpp"
#include "kernel/worker/event_bridge.hpp"
#include "kernel/worker/heap_huge_pages.hpp"
#include "kernel/worker/integrity_watch.hpp"
#include "kernel/worker/py_ref.hpp"
#include "sandbox/proc_status.hpp"

namespace gradebox::worker {
namespace {

void check_status(PyStatus status, const char* what) {
  if (PyStatus_Exception(status))
    throw std::runtime_error(std::string("python: ") + what + ": " +
                             (status.err_msg ? status.err_msg : "failed"));
}

PyObject* must(PyObject* object, const std::string& what) {
  if (object == nullptr) throw std::runtime_error("python: " + what + ": " + take_python_error());
  return object;
}

PyObject* attribute(PyObject* owner, const char* name) {
  return must(PyObject_GetAttrString(owner, name), std::string("missing ") + name);
}

void start_interpreter() {
  install_audit_guard();
  if (PyImport_AppendInittab("_gradebox", init_gradebox_module) != 0)
    throw std::runtime_error("python: cannot register module _gradebox");
  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  // Isolated: no PYTHON* variables, no user site, no script or cwd on sys.path.
  config.isolated = 1;
  config.use_environment = 0;
  config.user_site_directory = 0;
  config.safe_path = 1;
  config.parse_argv = 0;
  config.write_bytecode = 0;
  config.install_signal_handlers = 1;
  PyStatus status = PyConfig_SetString(&config, &config.program_name, L"/usr/bin/python3");
  if (!PyStatus_Exception(status)) {
    wchar_t* argv[] = {const_cast<wchar_t*>(L"gradebox-worker")};
    status = PyConfig_SetArgv(&config, 1, argv);
  }
  if (!PyStatus_Exception(status)) status = Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  check_status(status, "cannot initialise the interpreter");
}

PyObject* load_module(const char* source, const char* name, const std::string& file) {
  PyRef code(must(Py_CompileString(source, ("<gradebox " + file + ">").c_str(), Py_file_input),
                  "compiling " + file));
  return must(PyImport_ExecCodeModule(name, code.get()), "running " + file);
}

PyObject* load_bootstrap() {
  // bootstrap.py imports them.
  PyRef shell_commands(load_module(shell_commands_source, "_gradebox_shell", "shell_commands.py"));
  PyRef comms(load_module(comms_source, "_gradebox_comm", "comms.py"));
  return load_module(bootstrap_source, "_gradebox_boot", "bootstrap.py");
}

}  // namespace

std::string take_python_error() {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  PyRef owned_type(type), owned_value(value), owned_traceback(traceback);
  if (value == nullptr) return "unknown error";
  const auto [name, text] = describe_exception(value);
  return name + ": " + text;
}

PythonPrimitives start_python(const PythonOptions& options) {
  start_interpreter();
  PythonPrimitives p;
  p.bootstrap = load_bootstrap();

  nlohmann::json preloaded = nlohmann::json::array(), skipped = nlohmann::json::array();
  for (const auto& name : options.preload) {
    PyRef module(PyImport_ImportModule(name.c_str()));
    if (module) {
      preloaded.push_back(name);
    } else {
      skipped.push_back({{"module", name}, {"error", take_python_error()}});
    }
  }

  PyRef built(must(PyObject_CallMethod(p.bootstrap, "build_session", "si", options.mode.c_str(),
                                       options.warm_completion ? 1 : 0),
                   "python mode " + options.mode));
  p.session_adapter = must(PyTuple_GetItem(built.get(), 0), "build_session result");
  Py_INCREF(p.session_adapter);
  PyObject* ipython_version = PyTuple_GetItem(built.get(), 1);

  p.user_ns = attribute(p.session_adapter, "user_ns");
  p.run_cell = attribute(p.session_adapter, "run_cell");
  p.take_payloads = attribute(p.session_adapter, "take_payloads");
  p.complete = attribute(p.session_adapter, "complete");
  p.inspect = attribute(p.session_adapter, "inspect");
  p.is_complete = attribute(p.session_adapter, "is_complete");
  p.transform_locked_cell = attribute(p.session_adapter, "transform_locked_cell");
  p.enter_session = attribute(p.bootstrap, "enter_session");
  p.set_stdin_allowed = attribute(p.bootstrap, "set_stdin_allowed");
  {
    PyRef comms(must(PyImport_ImportModule("_gradebox_comm"), "import _gradebox_comm"));
    p.deliver_comm = attribute(comms.get(), "deliver");
    p.set_parent_msg_id = attribute(comms.get(), "set_parent_msg_id");
  }
  {
    PyRef traceback(must(PyImport_ImportModule("traceback"), "import traceback"));
    p.format_exception = attribute(traceback.get(), "format_exception");
    PyRef ast(must(PyImport_ImportModule("_ast"), "import _ast"));
    p.expr_type = attribute(ast.get(), "Expr");
    PyRef sys(must(PyImport_ImportModule("sys"), "import sys"));
    p.gettrace = attribute(sys.get(), "gettrace");
    p.settrace = attribute(sys.get(), "settrace");
    p.getprofile = attribute(sys.get(), "getprofile");
    p.setprofile = attribute(sys.get(), "setprofile");
  }
  capture_integrity_baseline();
  // Objects alive now are shared by every session: keep the collector from touching (and so
  // copying) their pages in the children.
  PyRef gc(must(PyImport_ImportModule("gc"), "import gc"));
  PyRef collected(PyObject_CallMethod(gc.get(), "collect", nullptr));
  PyRef frozen(PyObject_CallMethod(gc.get(), "freeze", nullptr));
  collapse_heap_into_huge_pages();

  p.info = {{"python", Py_GetVersion()},
            {"ipython", ipython_version == Py_None ? nlohmann::json(nullptr)
                                                   : nlohmann::json(to_utf8(ipython_version))},
            {"mode", ipython_version == Py_None ? "plain" : "ipython"},
            {"preloaded", preloaded},
            {"skipped", skipped},
            {"threads", sandbox::thread_count()}};
  return p;
}

}  // namespace gradebox::worker
