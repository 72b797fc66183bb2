// The frame every formgrader page shares: the feedback page's <head> and style (grader/feedback)
// with the formgrader's Content-Security-Policy, the CSRF token in a <meta>, a navigation bar,
// and at the end of the body the formgrader's own script (and KaTeX when the page holds math),
// loaded from this server (static_assets.hpp). The policy admits scripts from this origin only
// and no inline script at all: student content never becomes markup (the feedback renderer
// escapes it) and, were it to, could neither run inline nor load a script (the server answers
// only its own files as JavaScript; everything else is HTML, JSON or CSV under nosniff).
// Otherwise the feedback page's policy: no frame, no remote fetch, images only as data: URIs,
// plus fetches to this server (the grading API), its stylesheet and fonts, forms posting here.
#pragma once

#include <string>

#include "grader/formgrader/static_assets.hpp"

namespace gradebox::formgrader {

struct PageFrame {
  std::string base;  // the server's URL prefix, "/" or a JupyterHub service prefix
  std::string csrf_token;
  const StaticAssets* assets = nullptr;
};

// The policy for the Content-Security-Policy header; as_meta drops frame-ancestors, which a
// <meta> policy may not carry.
std::string formgrader_csp(bool as_meta = false);

// A whole page; `body_attributes` go on <body> (data-* for the script).
std::string render_page(const PageFrame& frame, const std::string& title,
                        const std::string& content, const std::string& body_attributes = "");

}  // namespace gradebox::formgrader
