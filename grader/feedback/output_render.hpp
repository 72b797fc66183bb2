// A code cell's outputs as inert HTML. Per output (nbformat v4):
//   stream                    <pre class="stream stdout|stderr">, text escaped, ANSI codes dropped
//   error                     <pre class="error">: ename: evalue and the traceback, escaped
//   execute_result,           the first usable of: image/png, image/jpeg (inline data: URI after
//   display_data              base64 and signature checks), text/plain (escaped), text/markdown
//                             (safe cmark-gfm), text/html and image/svg+xml (their source shown
//                             as escaped text, never interpreted), application/json (pretty,
//                             escaped)
// Anything else, or a malformed output, becomes a short note naming what was not shown. Student
// output is never inserted as markup, so nothing in it can run script in a reader's browser.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "grader/notebook/jupyter_json.hpp"

namespace gradebox::feedback {

// `test_source`: the source a test cell ran (its locked-cell tracebacks carry line numbers only);
// an error output then also shows the failing line. Pass it for visible tests only, never for a
// cell with hidden tests.
std::string render_output(const notebook::Json& output, const std::string* test_source = nullptr);
// All outputs of a cell wrapped in <div class="outputs">, or "" when there are none.
std::string render_outputs(const notebook::Json& cell, const std::string* test_source = nullptr);

// The line number of the innermost frame in a locked cell ("<locked cell id>:3" as IPython
// prints it, or "<locked cell id>", line 3), if the traceback has one.
std::optional<std::size_t> failing_locked_line(std::string_view traceback_text);

}  // namespace gradebox::feedback
