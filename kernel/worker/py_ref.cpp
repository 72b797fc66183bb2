// Python -> UTF-8 / JSON conversions used when turning Python objects into frames.
#include "kernel/worker/py_ref.hpp"

#include <openssl/evp.h>

#include <vector>

namespace gradebox::worker {
namespace {

std::string utf8_of_str(PyObject* text) {
  PyRef encoded(PyUnicode_AsEncodedString(text, "utf-8", "replace"));
  if (!encoded) {
    PyErr_Clear();
    return "<unencodable>";
  }
  return std::string(PyBytes_AS_STRING(encoded.get()),
                     static_cast<std::size_t>(PyBytes_GET_SIZE(encoded.get())));
}

std::string base64(const char* data, std::size_t size) {
  std::vector<unsigned char> out(4 * ((size + 2) / 3) + 1);
  const int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(data),
                                static_cast<int>(size));
  return std::string(reinterpret_cast<char*>(out.data()), static_cast<std::size_t>(n));
}

}  // namespace

std::string to_utf8(PyObject* object) {
  if (object == nullptr) return "";
  if (PyUnicode_Check(object)) return utf8_of_str(object);
  PyRef text(PyObject_Str(object));
  if (!text) {
    PyErr_Clear();
    return "<unprintable " + std::string(Py_TYPE(object)->tp_name) + ">";
  }
  return utf8_of_str(text.get());
}

nlohmann::json to_json(PyObject* object, int depth) {
  if (object == nullptr || object == Py_None) return nullptr;
  if (depth > 32) return to_utf8(object);
  if (PyBool_Check(object)) return object == Py_True;
  if (PyLong_CheckExact(object)) {
    int overflow = 0;
    const long long value = PyLong_AsLongLongAndOverflow(object, &overflow);
    if (overflow == 0 && !PyErr_Occurred()) return value;
    PyErr_Clear();
    return to_utf8(object);
  }
  if (PyFloat_CheckExact(object)) return PyFloat_AS_DOUBLE(object);
  if (PyUnicode_Check(object)) return utf8_of_str(object);
  if (PyBytes_Check(object))
    return base64(PyBytes_AS_STRING(object), static_cast<std::size_t>(PyBytes_GET_SIZE(object)));
  if (PyDict_Check(object)) {
    nlohmann::json result = nlohmann::json::object();
    PyObject* key;
    PyObject* value;
    Py_ssize_t position = 0;
    while (PyDict_Next(object, &position, &key, &value))
      result[to_utf8(key)] = to_json(value, depth + 1);
    return result;
  }
  if (PyList_Check(object) || PyTuple_Check(object)) {
    nlohmann::json result = nlohmann::json::array();
    PyRef items(PySequence_Fast(object, "sequence"));
    if (!items) {
      PyErr_Clear();
      return result;
    }
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(items.get());
    for (Py_ssize_t i = 0; i < n; ++i)
      result.push_back(to_json(PySequence_Fast_GET_ITEM(items.get(), i), depth + 1));
    return result;
  }
  return to_utf8(object);
}

std::pair<std::string, std::string> describe_exception(PyObject* exception) {
  if (exception == nullptr) return {"UnknownError", ""};
  std::string name = Py_TYPE(exception)->tp_name;
  if (const auto dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
  return {name, to_utf8(exception)};
}

}  // namespace gradebox::worker
