// Strict readers for members of signed JSON bodies: a missing member or a wrong type is a
// std::invalid_argument naming the member, never a default that could hide a malformed record.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace gradebox::records {

const nlohmann::json& require_member(const nlohmann::json& object, const char* name);
std::string require_string(const nlohmann::json& object, const char* name);
int64_t require_integer(const nlohmann::json& object, const char* name);
bool require_bool(const nlohmann::json& object, const char* name);
const nlohmann::json& require_array(const nlohmann::json& object, const char* name);
const nlohmann::json& require_object(const nlohmann::json& object, const char* name);

// Checks "schema" and "schema_version" of a body.
void require_schema(const nlohmann::json& body, const char* schema, int64_t version);

}  // namespace gradebox::records
