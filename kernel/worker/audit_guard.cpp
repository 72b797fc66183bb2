// Audit hook: blocks /proc/*/mem opens, hands ctypes events to the integrity watch.
#include "kernel/worker/audit_guard.hpp"

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <string>

#include "kernel/worker/integrity_watch.hpp"

namespace gradebox::worker {
namespace {

std::string utf8_or_empty(PyObject* object) {
  if (object == nullptr) return "";
  if (PyUnicode_Check(object)) {
    const char* text = PyUnicode_AsUTF8(object);
    if (text == nullptr) PyErr_Clear();
    return text ? text : "";
  }
  if (PyBytes_Check(object)) return PyBytes_AS_STRING(object);
  return "";
}

bool names_process_memory(const std::string& path) {
  static const std::regex mem_file(R"(^/proc/(\d+|self|thread-self)(/task/\d+)?/mem$)");
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) != nullptr) return std::regex_match(resolved, mem_file);
  // Unresolvable (e.g. relative to a dir_fd): refuse anything that looks like a mem file.
  return path == "mem" || (path.size() > 4 && path.compare(path.size() - 4, 4, "/mem") == 0);
}

int audit_hook(const char* event, PyObject* args, void*) {
  if (std::strncmp(event, "ctypes.", 7) == 0) {
    note_ctypes_event(event, args);
    return 0;
  }
  if (std::strcmp(event, "open") == 0) {
    if (!PyTuple_Check(args) || PyTuple_GET_SIZE(args) < 1) return 0;
    const std::string path = utf8_or_empty(PyTuple_GET_ITEM(args, 0));
    if (path.empty() || !names_process_memory(path)) return 0;
    PyErr_Format(PyExc_PermissionError, "opening %s is not allowed in gradebox", path.c_str());
    return -1;
  }
  return 0;
}

}  // namespace

void install_audit_guard() {
  PySys_AddAuditHook(audit_hook, nullptr);
}

}  // namespace gradebox::worker
