// A code cell's outputs as inert HTML. Per output (nbformat v4):
//   stream                    <pre class="stream stdout|stderr">, text escaped, ANSI codes dropped
//   error                     <pre class="error">: ename: evalue and the traceback, escaped
//   execute_result,           the first usable of: image/png, image/jpeg (inline data: URI after
//   display_data              base64 and signature checks), text/plain (escaped), text/markdown
//                             (safe cmark-gfm), text/html and image/svg+xml (their source shown
//                             as escaped text, never interpreted), application/json (pretty, escaped)
// Anything else, or a malformed output, becomes a short note naming what was not shown. Student
// output is never inserted as markup, so nothing in it can run script in a reader's browser.
#pragma once

#include <string>

#include "grader/notebook/jupyter_json.hpp"

namespace gradebox::feedback {

std::string render_output(const notebook::Json& output);
// All outputs of a cell wrapped in <div class="outputs">, or "" when there are none.
std::string render_outputs(const notebook::Json& cell);

}  // namespace gradebox::feedback
