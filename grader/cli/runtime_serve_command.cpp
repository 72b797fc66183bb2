// `gradebox runtime-serve`: keeps a warm grading zygote for a course behind a Unix socket, so
// every `gradebox autograde --zygote SOCKET` (or runtime.zygote_socket in gradebox.toml) skips
// the interpreter start (kernel/runtime/zygote_connection.hpp). Runs in the foreground until
// SIGINT, SIGTERM or SIGHUP, then stops the service: its connections and their sessions are
// killed and the socket is removed.
#include <signal.h>

#include <ctime>
#include <iostream>

#include "grader/autograde/grade_submission.hpp"
#include "grader/autograde/grading_runtime.hpp"
#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/problem_output.hpp"
#include "kernel/runtime/zygote_connection.hpp"
#include "sandbox/probe.hpp"

namespace gradebox::cli {
namespace {

struct RuntimeServeOptions {
  std::string course = ".";
  std::string socket;
};

int run_runtime_serve(const RuntimeServeOptions& options) {
  auto loaded = load_course_config(options.course);
  print_problems(std::cerr, loaded.problems);
  if (notebook::has_errors(loaded.problems)) return 1;
  const auto socket = autograde::zygote_socket(loaded.config, options.socket);
  if (socket.empty()) {
    std::cerr << "gradebox runtime-serve: no socket: pass --socket PATH or set "
                 "runtime.zygote_socket in gradebox.toml\n";
    return 2;
  }
  // Blocked before the service's threads exist, so only sigtimedwait below receives them.
  sigset_t stop;
  sigemptyset(&stop);
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&stop, signal);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  try {
    const runtime::ZygoteService service(
        autograde::grading_policy(autograde::grading_limits(loaded.config)), sandbox::probe_host(),
        socket);
    std::cout << "serving the grading zygote of " << loaded.config.root.string() << " on "
              << socket.string() << " (pid " << service.pid() << "); stop with Ctrl-C or SIGTERM"
              << std::endl;
    for (;;) {
      const timespec second{1, 0};
      const int signal = sigtimedwait(&stop, nullptr, &second);
      if (signal > 0) {
        std::cout << "stopping the zygote service (" << strsignal(signal) << ")" << std::endl;
        return 0;
      }
      if (!service.running()) {
        std::cerr << "gradebox runtime-serve: the zygote service (pid " << service.pid()
                  << ") exited unexpectedly; commands fall back to starting their own zygote\n";
        return 1;
      }
    }
  } catch (const std::exception& error) {
    std::cerr << "gradebox runtime-serve: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace

void add_runtime_serve_command(CLI::App& app) {
  auto options = std::make_shared<RuntimeServeOptions>();
  auto* cmd = app.add_subcommand("runtime-serve",
                                 "Keep a warm grading zygote for a course behind a Unix socket");
  cmd->footer(
      "Root only. The socket is created mode 0600 and serves only its owner's uid; each\n"
      "connection gets its own forked zygote, so commands never see each other's sessions.\n"
      "`gradebox autograde --zygote SOCKET` (or runtime.zygote_socket) attaches to it when its\n"
      "policy (python mode, preloads, shared namespaces, gradebox-worker file) matches, and\n"
      "otherwise starts its own zygote with a warning.\n"
      "Exit status: 0 stopped by a signal, 1 could not start or the service died, 2 usage error.");
  add_course_option(*cmd, options->course);
  cmd->add_option("--socket", options->socket,
                  "socket path (default: gradebox.toml runtime.zygote_socket)");
  on_run(*cmd, [options] { return run_runtime_serve(*options); });
}

}  // namespace gradebox::cli
