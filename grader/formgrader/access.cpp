// Owns the token, session cookie and CSRF checks (see access.hpp).
#include "grader/formgrader/access.hpp"

#include <cctype>

#include "grader/formgrader/keyed_digest.hpp"

namespace gradebox::formgrader {
namespace {

constexpr const char* kHeaderSession = "authorization-header";

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The value of cookie `name` in a Cookie header ("a=1; b=2"), if present.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto end = header.find(';');
    const auto pair = trim(header.substr(0, end));
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name)
      return std::string(pair.substr(equals + 1));
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return std::nullopt;
}

// "token T" or "Bearer T" -> T.
std::optional<std::string> authorization_token(const httplib::Request& request) {
  const std::string header = request.get_header_value("Authorization");
  for (const std::string_view scheme : {"token ", "Bearer "})
    if (header.rfind(scheme, 0) == 0)
      return std::string(trim(std::string_view(header).substr(scheme.size())));
  return std::nullopt;
}

constexpr std::string_view kHubSessionPrefix = "hub~";

std::string hex_of(std::string_view text) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (const unsigned char c : text) {
    hex += kDigits[c >> 4];
    hex += kDigits[c & 15];
  }
  return hex;
}

std::optional<std::string> text_of_hex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  std::string text;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const auto digit = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    if (!std::isxdigit(static_cast<unsigned char>(hex[i])) ||
        !std::isxdigit(static_cast<unsigned char>(hex[i + 1])))
      return std::nullopt;
    text += static_cast<char>(digit(hex[i]) * 16 + digit(hex[i + 1]));
  }
  return text;
}

std::string hub_session(const std::string& user, const std::string& suffix) {
  return std::string(kHubSessionPrefix) + hex_of(user) + "~" + suffix;
}

}  // namespace

AccessControl::AccessControl(std::string token, int port, std::optional<HubSettings> hub)
    : token_(std::move(token)),
      secret_(random_hex(32)),
      cookie_name_("gradebox-formgrader-" + std::to_string(port)) {
  if (hub) hub_.emplace(std::move(*hub));
}

std::string AccessControl::issue_hub_cookie(const std::string& user) const {
  const std::string session = hub_session(user, random_hex(16));
  return cookie_name_ + "=" + session + "." + hmac_sha256_hex(secret_, "session:" + session) +
         "; Path=/; HttpOnly; SameSite=Strict";
}

std::optional<std::string> AccessControl::hub_user_of(const std::string& session) {
  if (session.rfind(kHubSessionPrefix, 0) != 0) return std::nullopt;
  const auto end = session.find('~', kHubSessionPrefix.size());
  if (end == std::string::npos) return std::nullopt;
  return text_of_hex(
      std::string_view(session).substr(kHubSessionPrefix.size(), end - kHubSessionPrefix.size()));
}

std::string AccessControl::oauth_state_cookie(const std::string& state,
                                              const std::string& next) const {
  return cookie_name_ + "-oauth-state=" + state + "." + hex_of(next) +
         "; Path=/; HttpOnly; SameSite=Lax; Max-Age=600";
}

std::string AccessControl::expired_oauth_state_cookie() const {
  return cookie_name_ + "-oauth-state=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
}

std::optional<std::string> AccessControl::oauth_return_path(const httplib::Request& request) const {
  const auto value =
      cookie_value(request.get_header_value("Cookie"), cookie_name_ + "-oauth-state");
  if (!value) return std::nullopt;
  const auto dot = value->find('.');
  if (dot == std::string::npos || dot == 0 ||
      !same_secret(value->substr(0, dot), request.get_param_value("state")))
    return std::nullopt;
  return text_of_hex(std::string_view(*value).substr(dot + 1));
}

AccessDecision AccessControl::check_hub_token(const std::string& token) const {
  AccessDecision decision;
  try {
    const auto user = hub_->user_for_token(token);
    if (hub_->may_grade(user))
      decision.session = hub_session(user.name, kHeaderSession);
    else
      decision.refusal = "hub user " + user.name + " is not one of the graders";
  } catch (const std::exception& e) {
    decision.refusal = std::string("wrong token in the Authorization header (") + e.what() + ")";
  }
  return decision;
}

std::optional<std::string> AccessControl::session_from_cookie(
    const httplib::Request& request) const {
  const auto value = cookie_value(request.get_header_value("Cookie"), cookie_name_);
  if (!value) return std::nullopt;
  const auto dot = value->find('.');
  if (dot == std::string::npos) return std::nullopt;
  const std::string id = value->substr(0, dot);
  if (!same_secret(value->substr(dot + 1), hmac_sha256_hex(secret_, "session:" + id)))
    return std::nullopt;
  return id;
}

std::string AccessControl::issue_cookie(std::string& session) const {
  session = random_hex(16);
  return cookie_name_ + "=" + session + "." + hmac_sha256_hex(secret_, "session:" + session) +
         "; Path=/; HttpOnly; SameSite=Strict";
}

AccessDecision AccessControl::check(const httplib::Request& request) const {
  AccessDecision decision;
  if (request.has_param("token")) {
    if (!same_secret(request.get_param_value("token"), token_)) {
      decision.refusal = "wrong token";
      return decision;
    }
    std::string session;
    decision.set_cookie = issue_cookie(session);
    decision.session = session;
    decision.redirect_without_token = request.method == "GET";
    return decision;
  }
  if (const auto bearer = authorization_token(request)) {
    if (same_secret(*bearer, token_))
      decision.session = kHeaderSession;
    else if (hub_)
      return check_hub_token(*bearer);
    else
      decision.refusal = "wrong token in the Authorization header";
    return decision;
  }
  decision.session = session_from_cookie(request);
  if (!decision.session)
    decision.refusal = "no token: open the URL with ?token=... that `gradebox formgrader` printed";
  return decision;
}

std::string AccessControl::csrf_token(const std::string& session) const {
  return hmac_sha256_hex(secret_, "csrf:" + session);
}

bool AccessControl::csrf_matches(const httplib::Request& request,
                                 const std::string& session) const {
  return same_secret(request.get_header_value("X-CSRF-Token"), csrf_token(session));
}

}  // namespace gradebox::formgrader
