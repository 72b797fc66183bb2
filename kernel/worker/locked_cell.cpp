// Locked cell evaluation with captured interpreter primitives.
#include "kernel/worker/locked_cell.hpp"

#include <vector>

namespace gradebox::worker {
namespace {

// Explicit, never the interpreter's level (-1): that level is memory a student can write
// (numpy's __array_interface__), and at 1 or above the compiler drops every assert.
constexpr int locked_cell_optimize = 0;

// The pending exception, normalised, with its traceback attached; clears the error indicator.
PyRef take_exception() {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  if (value != nullptr && traceback != nullptr) PyException_SetTraceback(value, traceback);
  Py_XDECREF(type);
  Py_XDECREF(traceback);
  return PyRef(value);
}

// Clears trace and profile functions, restoring them (through the captured sys functions) after.
class TracingSuspended {
 public:
  explicit TracingSuspended(const PythonPrimitives& p) : p_(p) {
    trace_ = PyRef(PyObject_CallNoArgs(p.gettrace));
    profile_ = PyRef(PyObject_CallNoArgs(p.getprofile));
    PyErr_Clear();
    PyEval_SetTrace(nullptr, nullptr);
    PyEval_SetProfile(nullptr, nullptr);
  }
  ~TracingSuspended() {
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);  // keep the cell's own exception intact
    if (trace_ && trace_.get() != Py_None) PyRef(PyObject_CallOneArg(p_.settrace, trace_.get()));
    if (profile_ && profile_.get() != Py_None)
      PyRef(PyObject_CallOneArg(p_.setprofile, profile_.get()));
    PyErr_Clear();
    PyErr_Restore(type, value, traceback);
  }
  TracingSuspended(const TracingSuspended&) = delete;
  TracingSuspended& operator=(const TracingSuspended&) = delete;

 private:
  const PythonPrimitives& p_;
  PyRef trace_, profile_;
};

struct Split {
  std::string prefix, expression, tail;
  bool suppressed = false;  // `expr;` shows no value, as in IPython
};

// Byte offset of (1-based line, UTF-8 byte column) in source.
std::size_t offset_of(const std::string& source, long line, long column) {
  std::size_t offset = 0;
  for (long current = 1; current < line && offset < source.size(); ++current) {
    const auto newline = source.find('\n', offset);
    if (newline == std::string::npos) return source.size();
    offset = newline + 1;
  }
  return std::min(source.size(), offset + static_cast<std::size_t>(std::max(0L, column)));
}

long long_attribute(PyObject* node, const char* name) {
  PyRef value(PyObject_GetAttrString(node, name));
  if (!value || !PyLong_Check(value.get())) {
    PyErr_Clear();
    return -1;
  }
  return PyLong_AsLong(value.get());
}

// The module AST of source; empty (error cleared) when it does not parse.
PyRef parse_module(const std::string& source, const std::string& filename) {
  PyCompilerFlags flags = _PyCompilerFlags_INIT;
  flags.cf_flags = PyCF_ONLY_AST;
  PyRef tree(Py_CompileStringExFlags(source.c_str(), filename.c_str(), Py_file_input, &flags,
                                     locked_cell_optimize));
  PyErr_Clear();
  return tree;
}

// Splits at the last top-level statement of `tree` (the AST of source) when it is an
// expression; nullopt otherwise (also when the source did not parse, tree null: the plain
// compile below reports the SyntaxError).
std::optional<Split> split_last_expression(const PythonPrimitives& p, PyObject* tree,
                                           const std::string& source) {
  if (tree == nullptr) return std::nullopt;
  PyRef body(PyObject_GetAttrString(tree, "body"));
  if (!body || !PyList_CheckExact(body.get()) || PyList_GET_SIZE(body.get()) == 0) {
    PyErr_Clear();
    return std::nullopt;
  }
  PyObject* last = PyList_GET_ITEM(body.get(), PyList_GET_SIZE(body.get()) - 1);
  if (reinterpret_cast<PyObject*>(Py_TYPE(last)) != p.expr_type) return std::nullopt;
  const long line = long_attribute(last, "lineno"), column = long_attribute(last, "col_offset");
  const long end_line = long_attribute(last, "end_lineno");
  const long end_column = long_attribute(last, "end_col_offset");
  if (line < 1 || column < 0 || end_line < line || end_column < 0) return std::nullopt;
  const std::size_t start = offset_of(source, line, column);
  const std::size_t end = std::max(start, offset_of(source, end_line, end_column));
  Split split;
  split.prefix = source.substr(0, start);
  // Leading newlines keep line numbers in tracebacks right.
  split.expression =
      std::string(static_cast<std::size_t>(line - 1), '\n') + source.substr(start, end - start);
  split.tail = source.substr(end);
  const auto first = split.tail.find_first_not_of(" \t");
  if (first != std::string::npos && split.tail[first] == ';') {
    split.tail.erase(0, first + 1);
    split.suppressed = true;
  }
  split.tail.insert(0, static_cast<std::size_t>(end_line - 1), '\n');
  return split;
}

// Compiles with the C API and runs in the namespace; nullptr with an exception set on failure.
PyRef run(const std::string& code, const std::string& filename, int start, PyObject* ns) {
  PyCompilerFlags flags = _PyCompilerFlags_INIT;
  PyRef compiled(
      Py_CompileStringExFlags(code.c_str(), filename.c_str(), start, &flags, locked_cell_optimize));
  if (!compiled) return PyRef();
  return PyRef(PyEval_EvalCode(compiled.get(), ns, ns));
}

// Source that is not plain Python (IPython syntax) translated by the zygote's own transformer;
// the source itself when there is no transformer or it fails.
std::string transformed_source(const PythonPrimitives& p, const std::string& source) {
  if (p.transform_locked_cell == Py_None) return source;
  PyRef text(PyUnicode_FromStringAndSize(source.data(), static_cast<Py_ssize_t>(source.size())));
  PyRef transformed(text ? PyObject_CallOneArg(p.transform_locked_cell, text.get()) : nullptr);
  if (!transformed || !PyUnicode_CheckExact(transformed.get())) {
    PyErr_Clear();
    return source;
  }
  return to_utf8(transformed.get());
}

}  // namespace

LockedCellResult run_locked_cell(const PythonPrimitives& p, const std::string& raw_source,
                                 const std::string& filename) {
  LockedCellResult result;
  TracingSuspended no_tracing(p);
  // Parsed once: plain Python runs as is; only what does not parse goes through the transformer.
  std::string source = raw_source;
  PyRef tree = parse_module(source, filename);
  if (!tree) {
    source = transformed_source(p, raw_source);
    if (source != raw_source) tree = parse_module(source, filename);
  }
  const auto split = split_last_expression(p, tree.get(), source);
  if (!split) {
    if (!run(source, filename, Py_file_input, p.user_ns)) result.exception = take_exception();
    return result;
  }
  if (!run(split->prefix, filename, Py_file_input, p.user_ns)) {
    result.exception = take_exception();
    return result;
  }
  PyRef value = run(split->expression, filename, Py_eval_input, p.user_ns);
  if (!value) {
    result.exception = take_exception();
    return result;
  }
  if (!run(split->tail, filename, Py_file_input, p.user_ns)) {
    result.exception = take_exception();
    return result;
  }
  if (value.get() != Py_None && !split->suppressed) result.value = std::move(value);
  return result;
}

}  // namespace gradebox::worker
