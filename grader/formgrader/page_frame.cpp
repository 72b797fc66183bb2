// Owns the formgrader page frame, its policy and its style (see page_frame.hpp).
#include "grader/formgrader/page_frame.hpp"

#include "grader/feedback/feedback_page.hpp"
#include "grader/feedback/html_escape.hpp"
#include "grader/feedback/markdown_math.hpp"

namespace gradebox::formgrader {
namespace {

constexpr const char* kStyle = R"css(<style>
nav{display:flex;gap:1rem;border-bottom:1px solid #d1d9e0;padding-bottom:.4rem;margin-bottom:1rem}
body{max-width:72rem}table.sortable th a{color:inherit}td.num{text-align:right}
div.grade{background:#f6f8fa;border:1px solid #d1d9e0;border-radius:6px;padding:.5rem .8rem;margin-top:.5rem}
div.grade input[type=number]{width:5rem}div.grade textarea{width:100%;min-height:3rem}
.save-state{margin-left:.6rem;color:#1a7f37}.save-state.bad{color:#cf222e;font-weight:600}
div.grade[data-pending="1"]{border-color:#d4a72c;background:#fff8c5}.keys{color:#59636e;font-size:.85rem}
.charts{display:flex;flex-wrap:wrap;gap:2rem}.st-error,.st-unverified{color:#a40e26;font-weight:600}
#grading-totals{position:sticky;top:0;background:#fff;z-index:1}
section.cell{content-visibility:auto;contain-intrinsic-size:auto 12rem}
</style>
)css";

std::string script_tag(const std::string& src) {
  return "<script src=\"" + feedback::escape_html(src) + "\"></script>\n";
}

}  // namespace

std::string formgrader_csp(bool as_meta) {
  std::string csp =
      "default-src 'none'; img-src data:; style-src 'self' 'unsafe-inline'; font-src 'self'; "
      "script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'";
  if (!as_meta) csp += "; frame-ancestors 'none'";
  return csp;
}

std::string render_page(const PageFrame& frame, const std::string& title,
                        const std::string& content, const std::string& body_attributes) {
  // KaTeX only where the feedback renderer left math to render: most pages stay light.
  const bool math =
      frame.assets->has_katex() && content.find(feedback::kMathClass) != std::string::npos;
  std::string head_extra = "<meta name=\"csrf-token\" content=\"" + frame.csrf_token +
                           "\">\n<link rel=\"icon\" href=\"data:,\">\n" + kStyle;
  std::string scripts;
  if (math) {
    head_extra += "<link rel=\"stylesheet\" href=\"" +
                  feedback::escape_html(frame.assets->url(frame.base, "katex/katex.min.css")) +
                  "\">\n";
    scripts += script_tag(frame.assets->url(frame.base, "katex/katex.min.js"));
  }
  scripts += script_tag(frame.assets->url(frame.base, "formgrader.js"));
  const std::string base = feedback::escape_html(frame.base);
  return feedback::page_head(title, formgrader_csp(true), head_extra) + "<body data-base=\"" +
         base + "\"" + body_attributes + ">\n<nav><a href=\"" + base +
         "\">Assignments</a><a href=\"" + base +
         "overview\">Overview</a><span class=\"keys\">keys: j/k next/previous ungraded cell, n/p "
         "next/previous submission with answers pending, N/P next/previous submission, Enter "
         "saves</span></nav>\n" +
         content + scripts + "</body>\n</html>\n";
}

}  // namespace gradebox::formgrader
