// Markdown cells to HTML with cmark-gfm (GitHub's CommonMark: tables, strikethrough, autolinks,
// task lists) in its safe mode: raw HTML is replaced by a comment and links or images with
// javascript:, vbscript:, file: or non-image data: URLs get an empty URL. The tagfilter extension
// additionally neutralises <script>, <iframe>, <style> and the like should HTML ever get through.
#pragma once

#include <string>
#include <string_view>

namespace gradebox::feedback {

// Invalid UTF-8 is replaced (CMARK_OPT_VALIDATE_UTF8); never throws on any input text.
std::string render_markdown(std::string_view markdown);

}  // namespace gradebox::feedback
