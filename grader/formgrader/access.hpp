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
// Run by JupyterHub with allowed graders (hub_login.hpp), a grader may log in with their hub
// identity instead: their session id names them ("hub~<hex of the name>~<random>"), so the
// cookie's HMAC vouches for the name, and `Authorization: token <their hub token>` works for
// API clients.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "grader/formgrader/hub_login.hpp"

namespace gradebox::formgrader {

struct AccessDecision {
  std::optional<std::string> session;  // set when allowed
  std::string set_cookie;              // a Set-Cookie value to send, "" for none
  bool redirect_without_token = false;
  std::string refusal;  // why not, when refused
};

class AccessControl {
 public:
  AccessControl(std::string token, int port, std::optional<HubSettings> hub = std::nullopt);

  AccessDecision check(const httplib::Request& request) const;
  std::string csrf_token(const std::string& session) const;
  bool csrf_matches(const httplib::Request& request, const std::string& session) const;
  const std::string& token() const { return token_; }

  // nullptr unless hub logins are on.
  const HubLogin* hub() const { return hub_ ? &*hub_ : nullptr; }
  // A session for a hub user: its Set-Cookie value.
  std::string issue_hub_cookie(const std::string& user) const;
  // The hub user a session belongs to, if it is a hub session.
  static std::optional<std::string> hub_user_of(const std::string& session);
  // The OAuth state cookie (Set-Cookie value) carrying `state` and the path to return to, and
  // the path back when a request's state parameter matches its cookie.
  std::string oauth_state_cookie(const std::string& state, const std::string& next) const;
  std::optional<std::string> oauth_return_path(const httplib::Request& request) const;
  std::string expired_oauth_state_cookie() const;

 private:
  std::optional<std::string> session_from_cookie(const httplib::Request& request) const;
  std::string issue_cookie(std::string& session) const;
  AccessDecision check_hub_token(const std::string& token) const;

  std::string token_;
  std::string secret_;
  std::string cookie_name_;
  std::optional<HubLogin> hub_;
};

}  // namespace gradebox::formgrader
