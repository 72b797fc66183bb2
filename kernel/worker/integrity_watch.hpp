// Integrity findings of a session child: what student code did that could subvert its own
// process's results, as far as the C side can see it. Detection, not prohibition: ctypes and raw
// memory stay usable (pandas, scipy, numba need them); the grade record says they were used.
//
// Kinds (the grade record's tampering[].kind):
//   native_code           student code loaded a library, looked up a symbol or called a foreign
//                         function through ctypes (ctypes.dlopen / dlsym / call_function events)
//   raw_memory            student code read or wrote memory by address through ctypes
//                         (from_address, addressof, string_at, wstring_at, PyObj_FromPtr, and
//                         ctypes.memmove / memset / cast, which the zygote wraps: foreign calls
//                         raise no audit event of their own)
//   interpreter_tampered  before a locked cell, the interpreter's optimisation level (read from
//                         its C config, not from sys.flags) or a builtin differed from the values
//                         the zygote captured, or the notebook's __builtins__ was replaced
// "Student code" is the first Python frame outside the ctypes package: a library calling ctypes
// for its own work (pandas, numpy.ctypeslib, llvmlite under numba, ctypes' own import) is not a
// finding, and neither is the locked cell's own code. Unseen: calls of foreign functions other
// than those (e.g. one re-made from ctypes._memmove_addr), pointer dereferences, code a student
// compiled under a library's file name, native access through a library helper
// (numpy.ctypeslib.as_array, numba, cffi) and numpy's __array_interface__; their effect on the
// interpreter's flags and builtins is still checked.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <string>
#include <vector>

namespace gradebox::worker {

struct IntegrityFinding {
  std::string kind;
  std::string detail;
};

// In the zygote, after the preloads and before any session: the library dirs (sys.path as it is
// now, system paths only), the optimisation level and the builtins that later checks compare to;
// imports ctypes and wraps its raw-memory helpers.
void capture_integrity_baseline();

// Session children only: from now on ctypes events are attributed and recorded.
void start_integrity_watch();
// Set while a locked cell's own code runs (its outermost frame is trusted).
void set_locked_cell_running(bool running);

// From the audit hook, for every "ctypes.*" event.
void note_ctypes_event(const char* event, PyObject* args);
// Before a locked cell: compares the interpreter's state with the baseline.
void check_interpreter_state(PyObject* user_ns);

// The findings since the last call, each (kind, detail) once.
std::vector<IntegrityFinding> take_integrity_findings();

}  // namespace gradebox::worker
