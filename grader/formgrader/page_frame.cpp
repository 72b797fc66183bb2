// Owns the formgrader page frame, its policy and its style (see page_frame.hpp).
#include "grader/formgrader/page_frame.hpp"

#include "grader/feedback/feedback_page.hpp"
#include "grader/feedback/html_escape.hpp"
#include "grader/formgrader/grading_script.hpp"

namespace gradebox::formgrader {
namespace {

constexpr const char* kStyle = R"css(<style>
nav{display:flex;gap:1rem;border-bottom:1px solid #d1d9e0;padding-bottom:.4rem;margin-bottom:1rem}
body{max-width:72rem}table.sortable th a{color:inherit}td.num{text-align:right}
form.grade{background:#f6f8fa;border:1px solid #d1d9e0;border-radius:6px;padding:.5rem .8rem;margin-top:.5rem}
form.grade input[type=number]{width:5rem}form.grade textarea{width:100%;min-height:3rem}
.save-state{margin-left:.6rem;color:#1a7f37}.save-state.bad{color:#cf222e;font-weight:600}
form.grade[data-pending="1"]{border-color:#d4a72c;background:#fff8c5}.keys{color:#59636e;font-size:.85rem}
.charts{display:flex;flex-wrap:wrap;gap:2rem}.st-error,.st-unverified{color:#a40e26;font-weight:600}
#grading-totals{position:sticky;top:0;background:#fff;z-index:1}
</style>
)css";

}  // namespace

std::string formgrader_csp(const std::string& nonce, bool as_meta) {
  std::string csp = std::string(feedback::kContentSecurityPolicy) + "; script-src 'nonce-" + nonce +
                    "'; connect-src 'self'; form-action 'self'; base-uri 'none'";
  if (!as_meta) csp += "; frame-ancestors 'none'";
  return csp;
}

std::string render_page(const PageFrame& frame, const std::string& title,
                        const std::string& content, const std::string& body_attributes) {
  const std::string head_extra = "<meta name=\"csrf-token\" content=\"" + frame.csrf_token +
                                 "\">\n<link rel=\"icon\" href=\"data:,\">\n" + kStyle;
  const std::string base = feedback::escape_html(frame.base);
  return feedback::page_head(title, formgrader_csp(frame.nonce, true), head_extra) +
         "<body data-base=\"" + base + "\"" + body_attributes + ">\n<nav><a href=\"" + base +
         "\">Assignments</a><a href=\"" + base +
         "overview\">Overview</a><span class=\"keys\">keys: j/k next/previous ungraded cell, n/p "
         "next/previous "
         "submission, Enter saves</span></nav>\n" +
         content + "<script nonce=\"" + frame.nonce + "\">" + std::string(grading_script()) +
         "</script>\n</body>\n</html>\n";
}

}  // namespace gradebox::formgrader
