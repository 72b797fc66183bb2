// Line-based region removal and stub replacement (nbgrader's ClearSolutions/ClearHiddenTests).
#include "grader/pipeline/regions.hpp"

#include <regex>
#include <vector>

namespace gradebox::pipeline {
namespace {

std::vector<std::string_view> split_on_newline(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (true) {
    const auto nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(start));
      return lines;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
}

std::string_view leading_whitespace(std::string_view line) {
  const auto end = line.find_first_not_of(" \t\r\f\v");
  return line.substr(0, end == std::string_view::npos ? line.size() : end);
}

// nbgrader's attachment_regex r"!\[.*\]\(attachment:.+?\)".
bool has_attachment(std::string_view line) {
  static const std::regex attachment(R"(!\[.*\]\(attachment:.+?\))");
  return std::regex_search(line.begin(), line.end(), attachment);
}

}  // namespace

RegionEdit edit_regions(std::string_view source, const RegionMarkers& markers,
                        std::optional<std::string_view> stub) {
  RegionEdit edit;
  // Most cells have no delimiter at all: leave them untouched without splitting.
  if (source.find(markers.begin) == std::string_view::npos &&
      source.find(markers.end) == std::string_view::npos) {
    edit.source = source;
    return edit;
  }
  edit.changed = true;
  const auto lines = split_on_newline(source);
  const auto stub_lines = stub ? split_on_newline(*stub) : std::vector<std::string_view>{};
  bool inside = false;
  std::size_t begin_line = 0;
  bool first_out = true;
  const auto emit = [&](std::string_view a, std::string_view b) {
    if (!first_out) edit.source.push_back('\n');
    first_out = false;
    edit.source.append(a);
    edit.source.append(b);
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto line = lines[i];
    if (line.find(markers.begin) != std::string_view::npos) {
      if (inside) {
        edit.error = "nested " + std::string(markers.begin) + " (line " + std::to_string(i + 1) +
                     " opens a region already opened on line " + std::to_string(begin_line) + ")";
        edit.error_line = i + 1;
        return edit;
      }
      inside = true;
      edit.found = true;
      begin_line = i + 1;
      for (const auto stub_line : stub_lines) emit(leading_whitespace(line), stub_line);
    } else if (line.find(markers.end) != std::string_view::npos) {
      inside = false;
    } else if (!inside) {
      emit(line, "");
    } else if (line.find("attachment:") != std::string_view::npos && has_attachment(line)) {
      edit.attachment_in_region = true;
    }
  }
  if (inside) {
    edit.error = "no " + std::string(markers.end) + " for the " + std::string(markers.begin) +
                 " on line " + std::to_string(begin_line);
    edit.error_line = begin_line;
  }
  return edit;
}

std::string unbalanced_region_hint(const RegionMarkers& markers) {
  return "close each " + std::string(markers.begin) + " with " + std::string(markers.end) +
         ", without nesting";
}

}  // namespace gradebox::pipeline
