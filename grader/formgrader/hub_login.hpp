// Logging graders in with their JupyterHub identity when the formgrader runs as a hub service
// (JupyterHub's OAuth for services; the hub passes the JUPYTERHUB_* variables to the services it
// starts):
//   1. a browser without a session is redirected to the hub's authorize URL
//      (<JUPYTERHUB_BASE_URL>hub/api/oauth2/authorize, client_id=$JUPYTERHUB_CLIENT_ID,
//      redirect_uri=$JUPYTERHUB_OAUTH_CALLBACK_URL, response_type=code, a random state that a
//      short-lived cookie also carries);
//   2. the hub sends it back to <prefix>oauth_callback?code=C&state=S; the server checks the state
//      against the cookie and trades the code for the user's token (POST
//      $JUPYTERHUB_API_URL/oauth2/token with the service's $JUPYTERHUB_API_TOKEN as client secret);
//   3. GET $JUPYTERHUB_API_URL/user with that token names the user and their groups; only a user
//      on the allowed list or in an allowed group gets a session, and their hub name is the grader
//      written into every grade they save.
// API clients may send a hub token as `Authorization: token T` instead (step 3 only); answers are
// remembered for five minutes, as JupyterHub's own HubAuth does.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace gradebox::formgrader {

struct HubSettings {
  std::string api_url;           // $JUPYTERHUB_API_URL, e.g. http://127.0.0.1:8081/hub/api
  std::string api_token;         // $JUPYTERHUB_API_TOKEN: the service's own token
  std::string client_id;         // $JUPYTERHUB_CLIENT_ID
  std::string redirect_uri;      // $JUPYTERHUB_OAUTH_CALLBACK_URL, else <prefix>oauth_callback
  std::string authorize_url;     // <$JUPYTERHUB_BASE_URL>hub/api/oauth2/authorize
  std::set<std::string> users;   // may grade
  std::set<std::string> groups;  // members may grade

  // From the environment the hub gives its services; nullopt when not run by a hub (no
  // JUPYTERHUB_API_TOKEN or JUPYTERHUB_CLIENT_ID).
  static std::optional<HubSettings> from_environment(const std::string& base);
};

struct HubUser {
  std::string name;
  std::vector<std::string> groups;
};

class HubLogin {
 public:
  explicit HubLogin(HubSettings settings);

  const HubSettings& settings() const { return settings_; }
  // Where to send a browser to log in, for `state`.
  std::string authorize_redirect(const std::string& state) const;
  // Step 2: the user's hub token for an authorization code. Throws std::runtime_error.
  std::string token_for_code(const std::string& code) const;
  // Step 3: who holds a hub token (cached for five minutes). Throws std::runtime_error when the
  // hub refuses the token or cannot be reached.
  HubUser user_for_token(const std::string& token) const;
  bool may_grade(const HubUser& user) const;

 private:
  HubSettings settings_;
  struct Remembered {
    HubUser user;
    std::chrono::steady_clock::time_point until;
  };
  mutable std::mutex mutex_;
  mutable std::map<std::string, Remembered> users_by_token_;
};

}  // namespace gradebox::formgrader
