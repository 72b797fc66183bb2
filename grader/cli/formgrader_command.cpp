// `gradebox formgrader`: manual grading in the browser. Serves the course's signed records as
// pages and a JSON API (grader/formgrader) on localhost, printing a URL with a fresh token, as
// Jupyter does; every grade is a signed manual-grade record, as `gradebox grade-manual` writes.
#include <cstdlib>
#include <iostream>
#include <memory>

#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/formgrader/server.hpp"
#include "grader/records/manual_grade_writing.hpp"

namespace gradebox::cli {
namespace {

struct FormgraderCommandOptions {
  std::string course = ".";
  std::string keys;
  std::string bind = "127.0.0.1";
  int port = 0;
  std::string base_url;
  std::string grader;
  std::vector<std::string> hub_users;
  std::vector<std::string> hub_groups;
  bool anonymous = false;
};

// The service prefix JupyterHub gives a service, else "/"; always with leading and trailing '/'.
std::string base_url(const std::string& option) {
  std::string base = option;
  if (base.empty()) {
    const char* prefix = std::getenv("JUPYTERHUB_SERVICE_PREFIX");
    base = prefix ? prefix : "/";
  }
  if (base.front() != '/') base.insert(base.begin(), '/');
  if (base.back() != '/') base += '/';
  return base;
}

int run_formgrader(const FormgraderCommandOptions& options) {
  formgrader::ServerOptions server;
  server.course = options.course;
  server.keys = options.keys.empty() ? server.course / ".gradebox" / "keys"
                                     : std::filesystem::path(options.keys);
  server.bind = options.bind;
  server.port = options.port;
  server.base = base_url(options.base_url);
  if (const char* token = std::getenv("GRADEBOX_FORMGRADER_TOKEN")) server.token = token;
  server.hub = formgrader::HubSettings::from_environment(server.base);
  if (server.hub) {
    server.hub->users.insert(options.hub_users.begin(), options.hub_users.end());
    server.hub->groups.insert(options.hub_groups.begin(), options.hub_groups.end());
    if (server.hub->users.empty() && server.hub->groups.empty()) {
      std::cerr << "gradebox formgrader: run by JupyterHub, but no --hub-user or --hub-group "
                   "names the graders: hub logins are off, graders need the token\n";
      server.hub.reset();
    }
  }
  server.grader = options.grader.empty() ? records::login_name() : options.grader;
  if (server.grader.empty()) server.grader = "formgrader";
  server.anonymous = options.anonymous;
  if (!std::filesystem::is_directory(server.course / "records"))
    std::cerr << "gradebox formgrader: " << (server.course / "records").string()
              << " does not exist yet (run `gradebox autograde` first); serving an empty course\n";
  try {
    return formgrader::serve_formgrader(server, [](const std::string& url) {
      std::cout << "gradebox formgrader: open " << url << "\n(Ctrl-C stops the server)"
                << std::endl;
    });
  } catch (const std::exception& e) {
    std::cerr << "gradebox formgrader: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

void add_formgrader_command(CLI::App& app) {
  auto options = std::make_shared<FormgraderCommandOptions>();
  auto* cmd = app.add_subcommand(
      "formgrader", "Grade manually in the browser (pages and a JSON API on localhost)");
  cmd->footer(
      "Prints a URL with a random token (or GRADEBOX_FORMGRADER_TOKEN); every request needs it.\n"
      "Every grade is a signed manual-grade record, as `gradebox grade-manual` writes.\n"
      "Exit status: 0 stopped (SIGINT/SIGTERM), 1 cannot serve, 2 usage error.");
  add_course_option(*cmd, options->course, "records/");
  cmd->add_option("--keys", options->keys, "key directory (default <course>/.gradebox/keys)");
  cmd->add_option("--bind", options->bind, "address to listen on")->capture_default_str();
  cmd->add_option("--port", options->port, "port (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--base-url", options->base_url,
                  "URL prefix (default $JUPYTERHUB_SERVICE_PREFIX or /)");
  cmd->add_option("--grader", options->grader,
                  "name written into the manual grades (default: login name)");
  cmd->add_flag("--anonymous", options->anonymous, "show students as stable pseudonyms");
  cmd->add_option("--hub-user", options->hub_users,
                  "as a JupyterHub service: a hub user who may grade (repeatable)");
  cmd->add_option("--hub-group", options->hub_groups,
                  "as a JupyterHub service: a hub group whose members may grade (repeatable)");
  on_run(*cmd, [options] { return run_formgrader(*options); });
}

}  // namespace gradebox::cli
