// Step: nbgrader's LimitOutput. The runtime already stops a flood at its byte cap; this keeps the
// written notebook readable (1000 lines of output, 100 traceback lines per cell by default).
#include <string>

#include "grader/autograde/autograde_steps.hpp"

namespace gradebox::autograde {
namespace {
using notebook::Json;

std::string joined_text(const Json& text) {
  if (text.is_string()) return text.get<std::string>();
  std::string joined;
  if (text.is_array())
    for (const auto& part : text)
      if (part.is_string()) joined += part.get<std::string>();
  return joined;
}

// Keeps the first `budget` lines of `text`; returns how many lines it used.
std::size_t keep_lines(std::string& text, std::size_t budget, bool& cut) {
  std::size_t lines = 0, pos = 0;
  while (pos < text.size()) {
    const auto newline = text.find('\n', pos);
    const std::size_t end = newline == std::string::npos ? text.size() : newline + 1;
    if (lines == budget) {
      text.resize(pos);
      cut = true;
      return lines;
    }
    ++lines;
    pos = end;
  }
  return lines;
}

void cap_cell(Json& cell, const OutputCaps& caps) {
  if (!cell.contains("outputs") || !cell["outputs"].is_array()) return;
  std::size_t used = 0;
  bool cut = false;
  Json kept = Json::array();
  for (auto& output : cell["outputs"]) {
    const std::string type = output.value("output_type", "");
    if (type == "stream") {
      if (cut) continue;
      std::string text = joined_text(output["text"]);
      used += keep_lines(text, caps.max_lines - used, cut);
      output["text"] = text;
      if (!text.empty()) kept.push_back(std::move(output));
      continue;
    }
    if (type == "error" && output.contains("traceback") && output["traceback"].is_array() &&
        output["traceback"].size() > caps.max_traceback_lines) {
      auto& tb = output["traceback"];
      const std::size_t total = tb.size();
      const std::size_t head = caps.max_traceback_lines / 2;
      const std::size_t tail = caps.max_traceback_lines - head - 1;
      Json capped = Json::array();
      for (std::size_t i = 0; i < head; ++i) capped.push_back(tb[i]);
      capped.push_back("... (" + std::to_string(total - head - tail) +
                       " traceback lines omitted by gradebox) ...");
      for (std::size_t i = total - tail; i < total; ++i) capped.push_back(tb[i]);
      tb = std::move(capped);
    }
    kept.push_back(std::move(output));
  }
  if (cut) {
    Json notice = {{"output_type", "stream"},
                   {"name", "stdout"},
                   {"text", "... (output truncated by gradebox after " +
                                std::to_string(caps.max_lines) + " lines) ...\n"}};
    kept.push_back(std::move(notice));
  }
  cell["outputs"] = std::move(kept);
}

}  // namespace

pipeline::Step cap_outputs(OutputCaps caps) {
  return {"cap outputs", [caps](notebook::Notebook& nb, pipeline::StepContext&) {
            for (auto& cell : nb.cells())
              if (cell.value("cell_type", "") == "code") cap_cell(cell, caps);
          }};
}

}  // namespace gradebox::autograde
