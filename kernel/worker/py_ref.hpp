// Owning reference to a Python object (Py_XDECREF on destruction), plus small conversions.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

namespace gradebox::worker {

class PyRef {
 public:
  PyRef() = default;
  // Takes over a new reference (may be null: the call failed and a Python error is set).
  explicit PyRef(PyObject* owned) : object_(owned) {}
  static PyRef borrow(PyObject* borrowed) {
    Py_XINCREF(borrowed);
    return PyRef(borrowed);
  }
  PyRef(PyRef&& other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
  PyRef& operator=(PyRef&& other) noexcept {
    if (this != &other) {
      Py_XDECREF(object_);
      object_ = std::exchange(other.object_, nullptr);
    }
    return *this;
  }
  PyRef(const PyRef&) = delete;
  PyRef& operator=(const PyRef&) = delete;
  ~PyRef() { Py_XDECREF(object_); }

  PyObject* get() const { return object_; }
  explicit operator bool() const { return object_ != nullptr; }
  PyObject* release() { return std::exchange(object_, nullptr); }

 private:
  PyObject* object_ = nullptr;
};

// UTF-8 of str(object), never failing: unencodable characters are replaced.
std::string to_utf8(PyObject* object);
// str -> JSON string, int/float/bool/None -> themselves, bytes -> base64, dict/list/tuple
// recursively, anything else -> str(object). Never raises; clears Python errors it meets.
nlohmann::json to_json(PyObject* object, int depth = 0);
// The pending Python exception as (type name, str(value)), fetched and cleared.
std::pair<std::string, std::string> describe_exception(PyObject* exception);

}  // namespace gradebox::worker
