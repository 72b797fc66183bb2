// Owns strict member access for signed bodies.
#include "grader/records/json_fields.hpp"

#include <stdexcept>

namespace gradebox::records {
namespace {

[[noreturn]] void wrong_type(const char* name, const char* expected) {
  throw std::invalid_argument(std::string("member \"") + name + "\" must be " + expected);
}

}  // namespace

const nlohmann::json& require_member(const nlohmann::json& object, const char* name) {
  if (!object.is_object())
    throw std::invalid_argument(std::string("expected an object holding \"") + name + "\"");
  const auto it = object.find(name);
  if (it == object.end())
    throw std::invalid_argument(std::string("missing member \"") + name + "\"");
  return *it;
}

std::string require_string(const nlohmann::json& object, const char* name) {
  const auto& value = require_member(object, name);
  if (!value.is_string()) wrong_type(name, "a string");
  return value.get<std::string>();
}

int64_t require_integer(const nlohmann::json& object, const char* name) {
  const auto& value = require_member(object, name);
  if (!value.is_number_integer()) wrong_type(name, "an integer");
  if (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(INT64_MAX))
    wrong_type(name, "an integer below 2^63");
  return value.get<int64_t>();
}

bool require_bool(const nlohmann::json& object, const char* name) {
  const auto& value = require_member(object, name);
  if (!value.is_boolean()) wrong_type(name, "a boolean");
  return value.get<bool>();
}

const nlohmann::json& require_array(const nlohmann::json& object, const char* name) {
  const auto& value = require_member(object, name);
  if (!value.is_array()) wrong_type(name, "an array");
  return value;
}

const nlohmann::json& require_object(const nlohmann::json& object, const char* name) {
  const auto& value = require_member(object, name);
  if (!value.is_object()) wrong_type(name, "an object");
  return value;
}

void require_schema(const nlohmann::json& body, const char* schema, int64_t version) {
  const std::string actual = require_string(body, "schema");
  if (actual != schema)
    throw std::invalid_argument("schema is \"" + actual + "\", expected \"" + schema + "\"");
  const int64_t actual_version = require_integer(body, "schema_version");
  if (actual_version != version) {
    throw std::invalid_argument(std::string(schema) + " schema_version " +
                                std::to_string(actual_version) +
                                " is not supported (this gradebox reads version " +
                                std::to_string(version) + "; hint: upgrade gradebox)");
  }
}

}  // namespace gradebox::records
