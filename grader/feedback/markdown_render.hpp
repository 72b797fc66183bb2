// Markdown cells to HTML with cmark-gfm (GitHub's CommonMark: tables, strikethrough, autolinks,
// task lists) in its safe mode: raw HTML is replaced by a comment and links or images with
// javascript:, vbscript:, file: or non-image data: URLs get an empty URL. The tagfilter extension
// additionally neutralises <script>, <iframe>, <style> and the like should HTML ever get through.
#pragma once

#include <string>
#include <string_view>

#include "grader/feedback/markdown_images.hpp"

namespace gradebox::feedback {

// Invalid UTF-8 is replaced (CMARK_OPT_VALIDATE_UTF8); never throws on any input text.
// LaTeX becomes math spans (markdown_math.hpp). With `images`, image references that can be
// inlined safely become data: URIs (markdown_images.hpp); the others keep their URL, which the
// page's CSP does not load.
std::string render_markdown(std::string_view markdown,
                            const MarkdownImageSources* images = nullptr);

}  // namespace gradebox::feedback
