// Owns the choice of representation per output and its HTML.
#include "grader/feedback/output_render.hpp"

#include <cctype>
#include <string_view>

#include "grader/feedback/html_escape.hpp"
#include "grader/feedback/image_data_uri.hpp"
#include "grader/feedback/markdown_render.hpp"

namespace gradebox::feedback {
namespace {
using notebook::Json;

// nbformat stores multiline strings as a string or a list of strings.
std::string joined_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  std::string text;
  if (value.is_array())
    for (const auto& part : value)
      if (part.is_string()) text += part.get<std::string>();
  return text;
}

std::string string_member(const Json& object, const char* key, std::string fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::string pre(std::string_view css_class, std::string_view text) {
  return "<pre class=\"" + std::string(css_class) + "\">" +
         escape_html(strip_terminal_codes(text)) + "</pre>\n";
}

std::string note(std::string_view text) {
  return "<p class=\"output-note\">" + escape_html(text) + "</p>\n";
}

std::string render_stream(const Json& output) {
  const std::string name =
      string_member(output, "name", "stdout") == "stderr" ? "stderr" : "stdout";
  return pre("stream " + name,
             output.contains("text") ? joined_text(output["text"]) : std::string());
}

// "line 3: assert squares(1) == [1]" for the line of `source` the traceback points at.
std::string failing_line(std::string_view traceback_text, const std::string* source) {
  if (!source) return "";
  const auto number = failing_locked_line(strip_terminal_codes(traceback_text));
  if (!number || *number == 0) return "";
  std::size_t start = 0;
  for (std::size_t line = 1; line < *number; ++line) {
    start = source->find('\n', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  const std::string text = source->substr(start, source->find('\n', start) - start);
  return "<pre class=\"failing-line\">failed at line " + std::to_string(*number) + ": " +
         escape_html(text) + "</pre>\n";
}

std::string render_error(const Json& output, const std::string* test_source) {
  std::string text;
  if (const auto tb = output.find("traceback"); tb != output.end() && tb->is_array()) {
    for (const auto& line : *tb)
      if (line.is_string()) text += line.get<std::string>() + "\n";
  }
  if (text.empty())
    text = string_member(output, "ename", "Error") + ": " + string_member(output, "evalue", "");
  return pre("error", text) + failing_line(text, test_source);
}

std::string render_mime_bundle(const Json& output) {
  const auto data = output.find("data");
  if (data == output.end() || !data->is_object()) return note("[output without data]");
  for (const char* mime : {"image/png", "image/jpeg"}) {
    const auto item = data->find(mime);
    if (item == data->end()) continue;
    if (auto uri = image_data_uri(mime, joined_text(*item)))
      return "<img class=\"output-image\" alt=\"" + std::string(mime) + " output\" src=\"" +
             escape_html(*uri) + "\">\n";
    return note(std::string("[") + mime + " output not shown: not valid base64 image data]");
  }
  if (const auto item = data->find("text/plain"); item != data->end())
    return pre("result", joined_text(*item));
  if (const auto item = data->find("text/markdown"); item != data->end())
    return "<div class=\"markdown result\">" + render_markdown(joined_text(*item)) + "</div>\n";
  for (const char* mime : {"text/html", "image/svg+xml"}) {
    const auto item = data->find(mime);
    if (item == data->end()) continue;
    return note(std::string(mime) + " output, shown as text:") +
           pre("result as-text", joined_text(*item));
  }
  if (const auto item = data->find("application/json"); item != data->end())
    return pre("result", item->dump(1, ' ', false, Json::error_handler_t::replace));
  std::string types;
  for (const auto& [mime, value] : data->items()) types += (types.empty() ? "" : ", ") + mime;
  return note("[output of type " + types + " not shown]");
}

}  // namespace

std::optional<std::size_t> failing_locked_line(std::string_view text) {
  constexpr std::string_view kMarker = "<locked cell ";
  std::optional<std::size_t> found;
  for (auto at = text.find(kMarker); at != std::string_view::npos;
       at = text.find(kMarker, at + 1)) {
    auto pos = text.find('>', at);
    if (pos == std::string_view::npos) break;
    ++pos;
    if (text.substr(pos, 1) == ":")
      pos += 1;
    else if (text.substr(pos, 8) == "\", line ")
      pos += 8;
    else
      continue;
    std::size_t number = 0, digits = 0;
    for (; pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]));
         ++pos, ++digits)
      number = number * 10 + static_cast<std::size_t>(text[pos] - '0');
    if (digits > 0 && digits < 9) found = number;
  }
  return found;
}

std::string render_output(const Json& output, const std::string* test_source) {
  if (!output.is_object()) return note("[malformed output not shown]");
  const std::string type = string_member(output, "output_type", "");
  if (type == "stream") return render_stream(output);
  if (type == "error") return render_error(output, test_source);
  if (type == "execute_result" || type == "display_data") return render_mime_bundle(output);
  return note("[output of kind \"" + type + "\" not shown]");
}

std::string render_outputs(const Json& cell, const std::string* test_source) {
  const auto outputs = cell.find("outputs");
  if (outputs == cell.end() || !outputs->is_array() || outputs->empty()) return "";
  std::string html = "<div class=\"outputs\">\n";
  for (const auto& output : *outputs) html += render_output(output, test_source);
  return html + "</div>\n";
}

}  // namespace gradebox::feedback
