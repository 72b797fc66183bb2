// The frame every formgrader page shares: the feedback page's <head> and style (grader/feedback)
// with the formgrader's Content-Security-Policy, the CSRF token in a <meta>, a navigation bar,
// and at the end of the body the formgrader's own script, admitted by a per-response nonce.
// The policy is the feedback page's (no script, no frame, no remote fetch; images only as data:
// URIs) plus exactly: that one script, fetches to this server (the grading API) and forms posting
// here. Student content never becomes markup (the feedback renderer escapes it), so nothing a
// student wrote can run; the nonce changes on every response, so it cannot be guessed either.
#pragma once

#include <string>

namespace gradebox::formgrader {

struct PageFrame {
  std::string base;  // the server's URL prefix, "/" or a JupyterHub service prefix
  std::string csrf_token;
  std::string nonce;  // fresh per response (random_hex)
};

// The policy for the Content-Security-Policy header; as_meta drops frame-ancestors, which a
// <meta> policy may not carry.
std::string formgrader_csp(const std::string& nonce, bool as_meta = false);

// A whole page; `body_attributes` go on <body> (data-* for the script).
std::string render_page(const PageFrame& frame, const std::string& title,
                        const std::string& content, const std::string& body_attributes = "");

}  // namespace gradebox::formgrader
