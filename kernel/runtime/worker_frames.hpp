// Reading the bodies of the worker's frames (JSON objects the session child wrote): a field of
// the expected type or a neutral value, never an exception, since the child is untrusted.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kernel/runtime/event.hpp"

namespace gradebox::runtime {

// The string field `name`, or "" when absent or not a string.
std::string text_field(const nlohmann::json& body, const char* name);
// The object field `name`, or {} when absent or not an object.
nlohmann::json object_field(const nlohmann::json& body, const char* name);
// {ename, evalue, traceback: [lines]}; lines that are not strings are dropped.
ErrorEvent error_event(const nlohmann::json& body);
// cell_done's "payload" into the verdict: pager texts ({"data": {mime: text}}), %load's next
// input and exit()'s request; malformed entries are dropped.
void read_payloads(const nlohmann::json& body, CellVerdict& verdict);
// cell_done's "integrity": [{kind, detail}] with known kinds; anything else is dropped.
std::vector<IntegrityFinding> integrity_findings(const nlohmann::json& body);

}  // namespace gradebox::runtime
