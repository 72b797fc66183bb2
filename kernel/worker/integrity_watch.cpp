// Integrity findings: attribution of ctypes events and the interpreter state check.
#include "kernel/worker/integrity_watch.hpp"

#include <cstring>
#include <set>
#include <utility>

#include "kernel/worker/py_ref.hpp"

namespace gradebox::worker {
namespace {

// A cell looping over a foreign call yields one finding per call site (each is reported once per
// session); past these many distinct findings the rest are counted, not kept.
constexpr std::size_t max_findings_per_take = 16;
constexpr std::size_t max_findings_per_session = 256;

struct Baseline {
  std::vector<std::string> library_dirs;  // each ends with '/'
  int optimization_level = 0;
  int optimize_flag = 0;
  PyObject* builtins_module = nullptr;
  PyObject* builtins = nullptr;           // the interpreter's builtins dict (live)
  PyObject* builtins_snapshot = nullptr;  // a copy taken in the zygote
};

Baseline baseline;
bool watching = false;
bool locked_running = false;
std::set<std::pair<std::string, std::string>> recorded;
std::vector<IntegrityFinding> pending;
std::size_t dropped = 0;
std::string dropped_kind;

void record(std::string kind, std::string detail) {
  if (recorded.size() < max_findings_per_session && !recorded.emplace(kind, detail).second) return;
  if (pending.size() >= max_findings_per_take || recorded.size() >= max_findings_per_session) {
    if (dropped++ == 0) dropped_kind = kind;
    return;
  }
  pending.push_back({std::move(kind), std::move(detail)});
}

bool starts_with(const std::string& text, const char* prefix) {
  return text.rfind(prefix, 0) == 0;
}

bool in_library(const std::string& filename) {
  for (const auto& dir : baseline.library_dirs)
    if (starts_with(filename, dir.c_str())) return true;
  return starts_with(filename, "<frozen ");
}

bool in_ctypes_package(const std::string& filename) {
  return in_library(filename) && filename.find("/ctypes/") != std::string::npos;
}

// "<ipython-input-3-...>:2" for the first frame outside the ctypes package when that frame is
// student code; empty when it is library code, the locked cell itself, or there is no frame.
std::string student_origin() {
  PyFrameObject* frame = PyEval_GetFrame();
  Py_XINCREF(frame);
  PyRef held(reinterpret_cast<PyObject*>(frame));
  while (frame != nullptr) {
    PyRef code(reinterpret_cast<PyObject*>(PyFrame_GetCode(frame)));
    const std::string filename = to_utf8(reinterpret_cast<PyCodeObject*>(code.get())->co_filename);
    PyFrameObject* back = PyFrame_GetBack(frame);
    PyRef held_back(reinterpret_cast<PyObject*>(back));
    if (!in_ctypes_package(filename)) {
      if (in_library(filename) || (locked_running && back == nullptr)) return "";
      return filename + ":" + std::to_string(PyFrame_GetLineNumber(frame));
    }
    frame = back;
    held = std::move(held_back);
  }
  return "";
}

// The library or symbol an event names, when it has one ("libc.so.6", "memmove").
std::string event_subject(const char* event, PyObject* args) {
  if (!PyTuple_Check(args)) return "";
  const bool names_library = std::strcmp(event, "ctypes.dlopen") == 0;
  const bool names_symbol =
      std::strcmp(event, "ctypes.dlsym") == 0 || std::strcmp(event, "ctypes.dlsym/handle") == 0;
  const Py_ssize_t index = names_library ? 0 : names_symbol ? 1 : -1;
  if (index < 0 || PyTuple_GET_SIZE(args) <= index) return "";
  PyObject* subject = PyTuple_GET_ITEM(args, index);
  if (subject == Py_None) return names_library ? "the process itself" : "";
  PyRef text(PyObject_Str(subject));
  PyErr_Clear();
  return text ? to_utf8(text.get()) : "";
}

const char* kind_of(const char* event) {
  static const char* const native[] = {"ctypes.dlopen", "ctypes.dlsym", "ctypes.dlsym/handle",
                                       "ctypes.call_function"};
  static const char* const raw[] = {"ctypes.cdata", "ctypes.string_at", "ctypes.wstring_at",
                                    "ctypes.PyObj_FromPtr", "ctypes.addressof"};
  for (const char* name : native)
    if (std::strcmp(event, name) == 0) return "native_code";
  for (const char* name : raw)
    if (std::strcmp(event, name) == 0) return "raw_memory";
  return nullptr;
}

// ctypes' memmove, memset and cast are foreign functions made when ctypes is imported: calling
// them raises no audit event. The zygote puts a C wrapper in front of each (in the ctypes module,
// where callers look them up) that attributes the call as the audit hook does; `self` is
// (event name, the original function).
PyObject* call_ctypes_helper(PyObject* self, PyObject* args, PyObject* kwargs) {
  if (watching) {
    const std::string origin = student_origin();
    if (!origin.empty())
      record("raw_memory", to_utf8(PyTuple_GET_ITEM(self, 0)) + " from " + origin);
  }
  return PyObject_Call(PyTuple_GET_ITEM(self, 1), args, kwargs);
}

PyMethodDef ctypes_helper_wrapper = {
    "ctypes_helper",
    reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(call_ctypes_helper)),
    METH_VARARGS | METH_KEYWORDS, "a ctypes raw-memory helper, watched by gradebox"};

void wrap_ctypes_helpers() {
  PyRef ctypes(PyImport_ImportModule("ctypes"));
  for (const char* name : {"memmove", "memset", "cast"}) {
    PyRef original(ctypes ? PyObject_GetAttrString(ctypes.get(), name) : nullptr);
    if (!original) break;
    PyRef self(Py_BuildValue("(sO)", ("ctypes." + std::string(name)).c_str(), original.get()));
    PyRef wrapper(self ? PyCFunction_New(&ctypes_helper_wrapper, self.get()) : nullptr);
    if (wrapper) PyObject_SetAttrString(ctypes.get(), name, wrapper.get());
  }
  PyErr_Clear();
}

void check_builtins(PyObject* user_ns) {
  std::string changed;
  PyObject *name, *original;
  Py_ssize_t position = 0;
  while (PyDict_Next(baseline.builtins_snapshot, &position, &name, &original)) {
    const std::string text = to_utf8(name);
    // The interactive last-value name, and input() which the worker itself swaps per cell.
    if (text == "_" || text == "input") continue;
    if (PyDict_GetItemWithError(baseline.builtins, name) != original)
      changed += (changed.empty() ? "" : ", ") + text;
  }
  PyErr_Clear();
  if (!changed.empty())
    record("interpreter_tampered", "builtins replaced or removed before a locked cell: " + changed);
  PyObject* in_namespace = PyDict_GetItemString(user_ns, "__builtins__");
  if (in_namespace != nullptr && in_namespace != baseline.builtins_module &&
      in_namespace != baseline.builtins)
    record("interpreter_tampered", "the notebook's __builtins__ was replaced before a locked cell");
}

}  // namespace

void capture_integrity_baseline() {
  if (PyObject* path = PySys_GetObject("path"); path != nullptr && PyList_Check(path))
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(path); ++i) {
      const std::string dir = to_utf8(PyList_GET_ITEM(path, i));
      if (starts_with(dir, "/") && dir.size() > 1) baseline.library_dirs.push_back(dir + "/");
    }
  PyErr_Clear();
  baseline.optimization_level =
      _PyInterpreterState_GetConfig(PyInterpreterState_Get())->optimization_level;
  baseline.optimize_flag = Py_OptimizeFlag;
  baseline.builtins_module = PyImport_ImportModule("builtins");  // kept for life
  baseline.builtins =
      baseline.builtins_module ? PyModule_GetDict(baseline.builtins_module) : nullptr;
  baseline.builtins_snapshot = baseline.builtins ? PyDict_Copy(baseline.builtins) : nullptr;
  PyErr_Clear();
  wrap_ctypes_helpers();
}

void start_integrity_watch() {
  watching = true;
}

void set_locked_cell_running(bool running) {
  locked_running = running;
}

void note_ctypes_event(const char* event, PyObject* args) {
  if (!watching) return;
  const char* kind = kind_of(event);
  if (kind == nullptr) return;
  const std::string origin = student_origin();
  if (origin.empty()) return;
  const std::string subject = event_subject(event, args);
  record(kind, std::string(event) + (subject.empty() ? "" : " " + subject) + " from " + origin);
}

void check_interpreter_state(PyObject* user_ns) {
  const int level = _PyInterpreterState_GetConfig(PyInterpreterState_Get())->optimization_level;
  if (level != baseline.optimization_level || Py_OptimizeFlag != baseline.optimize_flag)
    record("interpreter_tampered", "the interpreter's optimisation level changed to " +
                                       std::to_string(level) + " (Py_OptimizeFlag " +
                                       std::to_string(Py_OptimizeFlag) + ", was " +
                                       std::to_string(baseline.optimization_level) +
                                       "); locked cells are compiled with optimize=0 regardless");
  if (baseline.builtins_snapshot != nullptr) check_builtins(user_ns);
}

std::vector<IntegrityFinding> take_integrity_findings() {
  std::vector<IntegrityFinding> taken = std::move(pending);
  pending.clear();
  if (dropped > 0)
    taken.push_back({dropped_kind, std::to_string(dropped) + " further events not listed"});
  dropped = 0;
  return taken;
}

}  // namespace gradebox::worker
