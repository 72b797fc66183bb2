// Who may use the formgrader. Every request must carry the server's token, Jupyter style:
//   ?token=T on any URL      checked once, answered with a session cookie and a redirect to the
//                            same URL without the token (so it leaves the address bar and logs)
//   Cookie <name>=S          a session issued as above: S = id "." HMAC(server secret, id)
//   Authorization: token T   (or "Bearer T") for API clients
// The cookie is HttpOnly, SameSite=Strict, path /, named per port (two formgraders on one host
// keep their own). Writes (POST) must also carry the session's CSRF token in X-CSRF-Token:
// HMAC(server secret, "csrf:" + session id); pages embed it, GET /api/session returns it.
// Header-authenticated clients share the session id "authorization-header". Stateless: the
// secret is random per server process, so a restart ends every session.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

namespace gradebox::formgrader {

struct AccessDecision {
  std::optional<std::string> session;  // set when allowed
  std::string set_cookie;              // a Set-Cookie value to send, "" for none
  bool redirect_without_token = false;
  std::string refusal;  // why not, when refused
};

class AccessControl {
 public:
  AccessControl(std::string token, int port);

  AccessDecision check(const httplib::Request& request) const;
  std::string csrf_token(const std::string& session) const;
  bool csrf_matches(const httplib::Request& request, const std::string& session) const;
  const std::string& token() const { return token_; }

 private:
  std::optional<std::string> session_from_cookie(const httplib::Request& request) const;
  std::string issue_cookie(std::string& session) const;

  std::string token_;
  std::string secret_;
  std::string cookie_name_;
};

}  // namespace gradebox::formgrader
