// Frame bodies into events and verdict parts (worker_frames.hpp).
#include "kernel/runtime/worker_frames.hpp"

namespace gradebox::runtime {

using nlohmann::json;

std::string text_field(const json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json object_field(const json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_object() ? *it : json::object();
}

ErrorEvent error_event(const json& body) {
  ErrorEvent error{text_field(body, "ename"), text_field(body, "evalue"), {}};
  if (const auto it = body.find("traceback"); it != body.end() && it->is_array())
    for (const auto& line : *it)
      if (line.is_string()) error.traceback.push_back(line.get<std::string>());
  return error;
}

void read_payloads(const json& body, CellVerdict& verdict) {
  const auto it = body.find("payload");
  if (it == body.end() || !it->is_array()) return;
  for (const auto& entry : *it) {
    if (!entry.is_object()) continue;
    const json source = entry.value("source", json());
    if (source == "set_next_input" && entry.value("text", json()).is_string()) {
      verdict.next_input = NextInputPayload{entry["text"].get<std::string>(),
                                            entry.value("replace", json()) == true};
      continue;
    }
    if (source == "ask_exit") {
      verdict.exit_request = ExitRequest{entry.value("keepkernel", json()) == true};
      continue;
    }
    PagePayload page;
    const json data = object_field(entry, "data");
    for (const auto& [mime, text] : data.items())
      if (text.is_string()) page.data[mime] = text;
    if (page.data.empty()) continue;
    if (const auto start = entry.find("start"); start != entry.end() && start->is_number_integer())
      page.start = start->get<int>();
    verdict.pages.push_back(std::move(page));
  }
}

std::vector<IntegrityFinding> integrity_findings(const json& body) {
  std::vector<IntegrityFinding> findings;
  const auto it = body.find("integrity");
  if (it == body.end() || !it->is_array()) return findings;
  for (const auto& entry : *it) {
    if (!entry.is_object()) continue;
    const std::string kind = text_field(entry, "kind");
    if (kind != "native_code" && kind != "raw_memory" && kind != "interpreter_tampered") continue;
    findings.push_back({kind, text_field(entry, "detail")});
  }
  return findings;
}

}  // namespace gradebox::runtime
