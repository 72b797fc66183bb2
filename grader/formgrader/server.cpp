// Owns the HTTP routes, security headers and the serve loop (see server.hpp).
#include "grader/formgrader/server.hpp"

#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <regex>
#include <thread>

#include "grader/export/export_format.hpp"
#include "grader/export/grade_table.hpp"
#include "grader/feedback/html_escape.hpp"
#include "grader/feedback/katex_assets.hpp"
#include "grader/feedback/relative_href.hpp"
#include "grader/formgrader/gradebook_pages.hpp"
#include "grader/formgrader/grading_api.hpp"
#include "grader/formgrader/keyed_digest.hpp"
#include "grader/formgrader/page_frame.hpp"
#include "grader/records/record_layout.hpp"

namespace gradebox::formgrader {
namespace {

using httplib::Request;
using httplib::Response;

constexpr std::size_t kMaxRequestBytes = 1 << 20;

std::string regex_escape(const std::string& text) {
  return std::regex_replace(text, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
}

// cpp-httplib (0.11) compresses for any client accepting br with Brotli at its slowest quality:
// 750 ms for the 52 KiB page of a 200-submission assignment, where gzip takes about 1 ms for a
// reply nearly as small. So the server takes br out of what the client accepts. The request is
// the server's own mutable object, handed to handlers as const.
void accept_gzip_not_brotli(const Request& request) {
  auto& headers = const_cast<httplib::Headers&>(request.headers);
  const bool gzip = request.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
  headers.erase("Accept-Encoding");
  if (gzip) headers.emplace("Accept-Encoding", "gzip");
}

void send_json(Response& response, const ApiReply& reply) {
  response.status = reply.status;
  response.set_content(reply.body.dump(), "application/json");
}

class FormgraderServer {
 public:
  FormgraderServer(const ServerOptions& options, int port)
      : options_(options),
        access_(options.token, port, options.hub),
        gradebook_(options.course, options.keys),
        assets_(feedback::kKatexDir),
        names_(options.anonymous ? StudentNames::pseudonyms(options.course)
                                 : StudentNames::real_ids()) {}

  void install_routes(httplib::Server& server);

 private:
  using PageHandler = std::function<std::string(const Request&, const PageFrame&)>;
  using ApiHandler = std::function<ApiReply(const Request&)>;

  httplib::Server::HandlerResponse admit(const Request& request, Response& response) const;
  PageFrame frame_for(const Request& request) const;
  void page(httplib::Server& server, const std::string& pattern, PageHandler handler);
  void api(httplib::Server& server, const std::string& pattern, ApiHandler handler);
  std::string student_of(const std::string& assignment, const std::string& shown) const;
  std::string submission(const Request& request, const PageFrame& frame) const;
  std::vector<AssignmentGradebook> all_assignments() const;
  void export_grades(const Request& request, Response& response) const;
  void static_file(const Request& request, Response& response) const;
  bool start_hub_login(const Request& request, Response& response) const;
  void finish_hub_login(const Request& request, Response& response) const;
  std::optional<std::string> hub_user(const Request& request) const;

  ServerOptions options_;
  AccessControl access_;
  CourseGradebook gradebook_;
  StaticAssets assets_;
  StudentNames names_;
};

httplib::Server::HandlerResponse FormgraderServer::admit(const Request& request,
                                                         Response& response) const {
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Cache-Control", "no-store");
  if (access_.hub() && request.path == options_.base + "oauth_callback")
    return httplib::Server::HandlerResponse::Unhandled;  // the login's last step: no session yet
  const auto decision = access_.check(request);
  if (!decision.session) {
    if (start_hub_login(request, response)) return httplib::Server::HandlerResponse::Handled;
    response.status = 401;
    response.set_content(nlohmann::json{{"error", decision.refusal}}.dump(), "application/json");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (!decision.set_cookie.empty()) response.set_header("Set-Cookie", decision.set_cookie);
  if (decision.redirect_without_token) {
    response.set_redirect(request.path, 303);
    return httplib::Server::HandlerResponse::Handled;
  }
  if (request.method != "GET" && request.method != "HEAD" &&
      !access_.csrf_matches(request, *decision.session)) {
    response.status = 403;
    send_json(response, api_error(403, "missing or wrong X-CSRF-Token (reload the page)"));
    return httplib::Server::HandlerResponse::Handled;
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

PageFrame FormgraderServer::frame_for(const Request& request) const {
  return {options_.base, access_.csrf_token(access_.check(request).session.value_or("")), &assets_};
}

void FormgraderServer::page(httplib::Server& server, const std::string& pattern,
                            PageHandler handler) {
  server.Get(regex_escape(options_.base) + pattern,
             [this, handler](const Request& request, Response& response) {
               const PageFrame frame = frame_for(request);
               response.set_header("Content-Security-Policy", formgrader_csp());
               try {
                 response.set_content(handler(request, frame), "text/html; charset=utf-8");
               } catch (const std::exception& e) {
                 response.status = 404;
                 response.set_content(render_page(frame, "Not found - gradebox formgrader",
                                                  "<h1>Not shown</h1><p class=\"tamper\">" +
                                                      feedback::escape_html(e.what()) + "</p>"),
                                      "text/html; charset=utf-8");
               }
             });
}

void FormgraderServer::api(httplib::Server& server, const std::string& pattern,
                           ApiHandler handler) {
  const auto wrapped = [handler](const Request& request, Response& response) {
    try {
      send_json(response, handler(request));
    } catch (const std::exception& e) {
      send_json(response, api_error(404, e.what()));
    }
  };
  server.Get(regex_escape(options_.base) + pattern, wrapped);
}

std::string FormgraderServer::student_of(const std::string& assignment,
                                         const std::string& shown) const {
  records::require_path_component(assignment, "assignment");
  auto student = names_.student(shown);
  if (!student) {  // a pseudonym not shown since this server started: learn the assignment's names
    for (const auto& s : gradebook_.students(assignment)) names_.shown(s);
    student = names_.student(shown);
  }
  if (!student) throw std::out_of_range("no submission " + shown + " in " + assignment);
  records::require_path_component(*student, "student id");
  return *student;
}

std::string FormgraderServer::submission(const Request& request, const PageFrame& frame) const {
  const std::string assignment = request.matches[1];
  const std::string shown = request.matches[2];
  const auto view = gradebook_.load_submission(assignment, student_of(assignment, shown));
  const auto book = gradebook_.load_assignment(assignment);
  return submission_page(frame, view, shown, neighbours_of(shown, book.submissions, names_));
}

std::vector<AssignmentGradebook> FormgraderServer::all_assignments() const {
  std::vector<AssignmentGradebook> books;
  for (const auto& name : gradebook_.assignments())
    books.push_back(gradebook_.load_assignment(name));
  return books;
}

void FormgraderServer::export_grades(const Request& request, Response& response) const {
  const auto refuse = [&](int status, const std::string& message) {
    send_json(response, api_error(status, message));
  };
  if (names_.anonymous())
    return refuse(403, "export names students: not offered in anonymous mode");
  exporting::ExportFormat format;
  try {
    format = exporting::parse_export_format(request.get_param_value("format"));
  } catch (const std::exception& e) {
    return refuse(400, e.what());
  }
  if (exporting::writes_directory(format))
    return refuse(400, "this format writes a directory: use gradebox-export");
  records::RecordSet merged;
  const std::string only = request.get_param_value("assignment");
  for (const auto& book : all_assignments()) {
    if (!only.empty() && book.name != only) continue;
    const auto& set = *book.set;
    merged.records.insert(merged.records.end(), set.records.begin(), set.records.end());
    merged.manual_grades.insert(merged.manual_grades.end(), set.manual_grades.begin(),
                                set.manual_grades.end());
    merged.failures.insert(merged.failures.end(), set.failures.begin(), set.failures.end());
  }
  if (!merged.failures.empty())
    return refuse(409, std::to_string(merged.failures.size()) +
                           " record file(s) failed verification: nothing exported "
                           "(run `gradebox verify`)");
  const auto files =
      exporting::write_export(format, exporting::build_grade_table(merged, nullptr, {}), {});
  const std::string name(exporting::to_string(format));
  const bool json =
      format == exporting::ExportFormat::json || format == exporting::ExportFormat::lti_ags;
  response.set_header("Content-Disposition",
                      "attachment; filename=\"grades-" + name + (json ? ".json\"" : ".csv\""));
  response.set_content(files.empty() ? "" : files.front().content,
                       json ? "application/json" : "text/csv; charset=utf-8");
}

void FormgraderServer::static_file(const Request& request, Response& response) const {
  const StaticAsset* asset = assets_.find(request.matches[1]);
  if (!asset) return send_json(response, api_error(404, "no such file"));
  // The URL carries the content's hash (StaticAssets::url): safe to keep for good.
  response.headers.erase("Cache-Control");
  response.set_header("Cache-Control", "private, max-age=31536000, immutable");
  response.set_content(asset->content, asset->content_type);
}

// A browser asking for a page without a session goes to the hub to log in; API calls get 401.
bool FormgraderServer::start_hub_login(const Request& request, Response& response) const {
  if (!access_.hub() || request.method != "GET" || request.has_header("Authorization") ||
      request.path.rfind(options_.base + "api/", 0) == 0)
    return false;
  const std::string state = random_hex(16);
  response.set_header("Set-Cookie", access_.oauth_state_cookie(state, request.path));
  response.set_redirect(access_.hub()->authorize_redirect(state), 302);
  return true;
}

void FormgraderServer::finish_hub_login(const Request& request, Response& response) const {
  const auto refuse = [&](int status, const std::string& message) {
    response.status = status;
    response.set_header("Content-Security-Policy", formgrader_csp());
    response.set_content(
        render_page(
            {options_.base, "", &assets_}, "Not logged in - gradebox formgrader",
            "<h1>Not logged in</h1><p class=\"tamper\">" + feedback::escape_html(message) + "</p>"),
        "text/html; charset=utf-8");
  };
  const auto next = access_.oauth_return_path(request);
  response.set_header("Set-Cookie", access_.expired_oauth_state_cookie());  // used once
  if (!next || request.get_param_value("code").empty())
    return refuse(400, "this login did not start here or took too long: open the formgrader again");
  try {
    const auto user = access_.hub()->user_for_token(
        access_.hub()->token_for_code(request.get_param_value("code")));
    if (!access_.hub()->may_grade(user))
      return refuse(403, "hub user " + user.name +
                             " is not one of this course's graders (gradebox formgrader "
                             "--hub-user / --hub-group)");
    response.set_header("Set-Cookie", access_.issue_hub_cookie(user.name));
  } catch (const std::exception& e) {
    return refuse(502, e.what());
  }
  const bool ours = next->rfind(options_.base, 0) == 0 && next->find("//") == std::string::npos;
  response.set_redirect(ours ? *next : options_.base, 303);
}

// A hub user saves under their hub name; anyone else as --grader (or the request's "grader").
std::optional<std::string> FormgraderServer::hub_user(const Request& request) const {
  const auto session = access_.check(request).session;
  return session ? AccessControl::hub_user_of(*session) : std::nullopt;
}

void FormgraderServer::install_routes(httplib::Server& server) {
  server.set_pre_routing_handler([this](const Request& request, Response& response) {
    accept_gzip_not_brotli(request);
    return admit(request, response);
  });
  page(server, "", [this](const Request&, const PageFrame& frame) {
    return assignments_page(frame, all_assignments());
  });
  page(server, "overview", [this](const Request&, const PageFrame& frame) {
    return overview_page(frame, all_assignments(), names_);
  });
  page(server, "assignments/([^/]+)/?", [this](const Request& request, const PageFrame& frame) {
    const std::string assignment = request.matches[1];
    if (!gradebook_.has_assignment(assignment))
      throw std::out_of_range("no assignment " + assignment);
    auto book = gradebook_.load_assignment(assignment);
    return assignment_page(frame, book, names_, request.get_param_value("sort"));
  });
  page(server, "assignments/([^/]+)/([^/]+)",
       [this](const Request& request, const PageFrame& frame) {
         return submission(request, frame);
       });
  api(server, "api/session", [this](const Request& request) {
    return ApiReply{200,
                    {{"csrf_token", frame_for(request).csrf_token},
                     {"anonymous", names_.anonymous()},
                     {"grader", hub_user(request).value_or(options_.grader)}}};
  });
  api(server, "api/assignments", [this](const Request&) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& book : all_assignments()) list.push_back(assignment_summary_json(book));
    return ApiReply{200, {{"assignments", list}}};
  });
  api(server, "api/assignments/([^/]+)/submissions", [this](const Request& request) {
    const std::string assignment = request.matches[1];
    if (!gradebook_.has_assignment(assignment))
      return api_error(404, "no assignment " + assignment);
    return list_submissions(gradebook_.load_assignment(assignment), names_,
                            request.get_param_value("sort"));
  });
  api(server, "api/assignments/([^/]+)/submissions/([^/]+)", [this](const Request& request) {
    const std::string assignment = request.matches[1];
    return show_submission(
        gradebook_.load_submission(assignment, student_of(assignment, request.matches[2])),
        request.matches[2]);
  });
  server.Post(regex_escape(options_.base) + "api/grade",
              [this](const Request& request, Response& response) {
                const auto user = hub_user(request);
                send_json(response, save_grade(gradebook_, names_, request.body,
                                               user.value_or(options_.grader), user.has_value()));
              });
  server.Get(
      regex_escape(options_.base) + "oauth_callback",
      [this](const Request& request, Response& response) { finish_hub_login(request, response); });
  server.Get(
      regex_escape(options_.base) + "static/(.+)",
      [this](const Request& request, Response& response) { static_file(request, response); });
  server.Get(
      regex_escape(options_.base) + "export",
      [this](const Request& request, Response& response) { export_grades(request, response); });
}

// Stops the server on SIGINT or SIGTERM (blocked in every thread, taken here by sigwait).
class SignalStopper {
 public:
  explicit SignalStopper(httplib::Server& server) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    thread_ = std::thread([this, &server] {
      int signal = 0;
      sigwait(&signals_, &signal);
      server.stop();
    });
  }
  ~SignalStopper() {
    pthread_kill(thread_.native_handle(),
                 SIGTERM);  // wakes sigwait when the server stopped otherwise
    thread_.join();
  }
  SignalStopper(const SignalStopper&) = delete;
  SignalStopper& operator=(const SignalStopper&) = delete;

 private:
  sigset_t signals_;
  std::thread thread_;
};

}  // namespace

int serve_formgrader(const ServerOptions& options,
                     const std::function<void(const std::string&)>& on_listening) {
  httplib::Server server;
  server.set_payload_max_length(kMaxRequestBytes);
  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.bind);
  } else if (!server.bind_to_port(options.bind, port)) {
    port = -1;
  }
  if (port < 0) {
    std::cerr << "gradebox formgrader: cannot listen on " << options.bind << ":" << options.port
              << " (in use, or not an address of this machine)\n";
    return 1;
  }
  ServerOptions resolved = options;
  if (resolved.token.empty()) resolved.token = random_hex(24);
  FormgraderServer formgrader(resolved, port);
  formgrader.install_routes(server);
  const SignalStopper stopper(server);
  const std::string host =
      options.bind.find(':') != std::string::npos ? "[" + options.bind + "]" : options.bind;
  on_listening("http://" + host + ":" + std::to_string(port) + options.base +
               "?token=" + resolved.token);
  server.listen_after_bind();
  return 0;
}

}  // namespace gradebox::formgrader
