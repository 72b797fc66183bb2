// Runs a locked cell (tests, read-only cells) exactly as written, whatever student code did:
// compiled with the C API (Py_CompileStringExFlags) at optimize=0 whatever the interpreter's level
// says (asserts always run), evaluated with PyEval_EvalCode in the
// notebook namespace, with sys.settrace/setprofile cleared for the duration. The last expression's
// value is computed by splitting the source at the last statement: the prefix, the expression and
// the tail are each compiled and all run, so a wrong split (tampered AST classes) can only fail,
// never skip code. IPython syntax (magics) goes through a transformer captured in the zygote,
// and only when the source is not plain Python.
#pragma once

#include <optional>
#include <string>

#include "kernel/worker/py_ref.hpp"
#include "kernel/worker/python_runtime.hpp"

namespace gradebox::worker {

struct LockedCellResult {
  PyRef exception;  // set when the cell raised
  PyRef value;      // the last expression's value, when not None
};

LockedCellResult run_locked_cell(const PythonPrimitives& primitives, const std::string& source,
                                 const std::string& filename);

}  // namespace gradebox::worker
