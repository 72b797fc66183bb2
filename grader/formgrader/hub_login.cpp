// Owns the JupyterHub OAuth login of graders (see hub_login.hpp).
#include "grader/formgrader/hub_login.hpp"

#include <httplib.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace gradebox::formgrader {
namespace {

constexpr auto kRememberUsers = std::chrono::minutes(5);
constexpr time_t kHubTimeoutSeconds = 10;

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// "http://host:port/hub/api" -> {"http://host:port", "/hub/api"}
std::pair<std::string, std::string> split_url(const std::string& url) {
  const auto scheme = url.find("://");
  const auto path = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
  if (path == std::string::npos) return {url, ""};
  std::string rest = url.substr(path);
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  return {url.substr(0, path), rest};
}

// A request to the hub's API; its JSON answer, or std::runtime_error naming what failed.
nlohmann::json hub_json(
    const HubSettings& hub, const std::string& what,
    const std::function<httplib::Result(httplib::Client&, const std::string&)>& request) {
  const auto [origin, prefix] = split_url(hub.api_url);
  httplib::Client client(origin);
  client.set_connection_timeout(kHubTimeoutSeconds);
  client.set_read_timeout(kHubTimeoutSeconds);
  const auto result = request(client, prefix);
  if (!result)
    throw std::runtime_error(what + ": the hub at " + hub.api_url + " cannot be reached (" +
                             httplib::to_string(result.error()) + ")");
  if (result->status != 200)
    throw std::runtime_error(what + ": the hub answered " + std::to_string(result->status));
  auto body = nlohmann::json::parse(result->body, nullptr, false);
  if (!body.is_object()) throw std::runtime_error(what + ": the hub's answer is not JSON");
  return body;
}

}  // namespace

std::optional<HubSettings> HubSettings::from_environment(const std::string& base) {
  HubSettings hub;
  hub.api_token = environment("JUPYTERHUB_API_TOKEN");
  hub.client_id = environment("JUPYTERHUB_CLIENT_ID");
  if (hub.api_token.empty() || hub.client_id.empty()) return std::nullopt;
  hub.api_url = environment("JUPYTERHUB_API_URL");
  if (hub.api_url.empty()) hub.api_url = "http://127.0.0.1:8081/hub/api";
  hub.redirect_uri = environment("JUPYTERHUB_OAUTH_CALLBACK_URL");
  if (hub.redirect_uri.empty()) hub.redirect_uri = base + "oauth_callback";
  std::string hub_base = environment("JUPYTERHUB_BASE_URL");
  if (hub_base.empty() || hub_base.back() != '/') hub_base += '/';
  hub.authorize_url = hub_base + "hub/api/oauth2/authorize";
  return hub;
}

HubLogin::HubLogin(HubSettings settings) : settings_(std::move(settings)) {}

std::string HubLogin::authorize_redirect(const std::string& state) const {
  return httplib::append_query_params(settings_.authorize_url,
                                      {{"client_id", settings_.client_id},
                                       {"redirect_uri", settings_.redirect_uri},
                                       {"response_type", "code"},
                                       {"state", state}});
}

std::string HubLogin::token_for_code(const std::string& code) const {
  const httplib::Params form{{"client_id", settings_.client_id},
                             {"client_secret", settings_.api_token},
                             {"grant_type", "authorization_code"},
                             {"code", code},
                             {"redirect_uri", settings_.redirect_uri}};
  const auto body = hub_json(settings_, "logging in", [&](auto& client, const auto& prefix) {
    return client.Post(prefix + "/oauth2/token", form);
  });
  if (!body.contains("access_token") || !body["access_token"].is_string())
    throw std::runtime_error("logging in: the hub gave no access token");
  return body["access_token"];
}

HubUser HubLogin::user_for_token(const std::string& token) const {
  const auto now = std::chrono::steady_clock::now();
  {
    const std::lock_guard lock(mutex_);
    std::erase_if(users_by_token_, [&](const auto& entry) { return entry.second.until < now; });
    const auto found = users_by_token_.find(token);
    if (found != users_by_token_.end()) return found->second.user;
  }
  const auto body =
      hub_json(settings_, "identifying the user", [&](auto& client, const auto& prefix) {
        return client.Get(prefix + "/user", {{"Authorization", "token " + token}});
      });
  HubUser user;
  if (body.contains("name") && body["name"].is_string()) user.name = body["name"];
  if (user.name.empty() || body.value("kind", "user") != "user")
    throw std::runtime_error("identifying the user: the token is not a hub user's");
  if (body.contains("groups") && body["groups"].is_array())
    for (const auto& group : body["groups"])
      if (group.is_string()) user.groups.push_back(group);
  const std::lock_guard lock(mutex_);
  users_by_token_[token] = {user, now + kRememberUsers};
  return user;
}

bool HubLogin::may_grade(const HubUser& user) const {
  if (settings_.users.count(user.name)) return true;
  for (const auto& group : user.groups)
    if (settings_.groups.count(group)) return true;
  return false;
}

}  // namespace gradebox::formgrader
