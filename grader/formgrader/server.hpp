// The formgrader's HTTP server (cpp-httplib): routes pages, the JSON API and exports to the
// gradebook, behind the access checks (access.hpp) and with the security headers every response
// carries (CSP admitting this origin's scripts only on pages, nosniff, no referrer, no framing, no
// caching but of the hash-versioned static files).
// Routes, under `base` ("/" or a JupyterHub service prefix):
//   GET  ""                              assignments page
//   GET  assignments/<a>                 assignment page (?sort=)
//   GET  assignments/<a>/<student>       submission page
//   GET  overview                        students x assignments
//   GET  export?format=F[&assignment=A]  a gradebox-export format as a download
//   GET  static/<name>                   the formgrader's script and KaTeX (static_assets.hpp)
//   GET  oauth_callback                  the end of a JupyterHub login (hub_login.hpp)
//   GET  api/...  POST api/grade         the JSON API (grading_api.hpp)
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "grader/formgrader/access.hpp"
#include "grader/formgrader/gradebook.hpp"
#include "grader/formgrader/pseudonyms.hpp"

namespace gradebox::formgrader {

struct ServerOptions {
  std::filesystem::path course;
  std::filesystem::path keys;
  std::string bind = "127.0.0.1";
  int port = 0;            // 0: any free port
  std::string base = "/";  // URL prefix, starts and ends with '/'
  std::string token;       // "" = a fresh random one
  std::string grader;      // the name written into manual grades
  bool anonymous = false;
  std::optional<HubSettings> hub;  // hub logins (hub_login.hpp), with the allowed graders
};

// Binds, calls `on_listening(url with token)`, then serves until SIGINT or SIGTERM.
// Returns 0 after a clean stop, 1 when the address cannot be bound (reason on stderr).
int serve_formgrader(const ServerOptions& options,
                     const std::function<void(const std::string&)>& on_listening);

}  // namespace gradebox::formgrader
