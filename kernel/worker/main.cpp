// gradebox-worker: the zygote. Started by the runtime client (kernel/runtime) with the control
// socket as fd 3; not meant to be run by hand (`gradebox-worker --help` lists the options).
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include "kernel/protocol/control_message.hpp"
#include "kernel/worker/detached_service.hpp"
#include "kernel/worker/python_runtime.hpp"
#include "kernel/worker/zygote.hpp"
#include "kernel/worker/zygote_namespaces.hpp"
#include "kernel/worker/zygote_service.hpp"

namespace {

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  for (std::string part; std::getline(stream, part, ',');)
    if (!part.empty()) parts.push_back(part);
  return parts;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "gradebox-worker: the zygote that embeds CPython and forks sandboxed sessions. Started by "
      "the gradebox runtime (kernel, autograde, runtime-serve) with its control socket; not "
      "meant to be run by hand.\n"
      "Exit status: 0 after shutdown, 1 control socket failure, 2 bad arguments, 3 Python start "
      "failed."};
  int control_fd = -1;
  gradebox::worker::PythonOptions options;
  std::filesystem::path scratch;
  std::string preload, shared_namespaces_list, warm_completion = "yes", spare = "yes";
  std::filesystem::path listen;
  int idle_exit_seconds = 0;
  app.add_option("--control-fd", control_fd, "the control socket's descriptor")->required();
  app.add_option("--python-mode", options.mode, "auto, ipython or plain")
      ->check(CLI::IsMember({"auto", "ipython", "plain"}));
  app.add_option("--preload", preload, "modules imported before any fork, comma-separated");
  app.add_option("--shared-namespaces", shared_namespaces_list,
                 "namespaces the zygote makes once for all sessions (net,uts,pid)");
  app.add_option("--warm-completion", warm_completion, "warm up completion (yes|no)")
      ->check(CLI::IsMember({"yes", "no"}));
  app.add_option("--spare-child", spare, "keep one child forked ahead of the next session")
      ->check(CLI::IsMember({"yes", "no"}));
  app.add_option("--scratch", scratch, "the runtime's scratch dir for it, removed when it ends");
  app.add_option("--listen", listen,
                 "serve connections on this socket instead (kernel/worker/zygote_service.hpp)");
  app.add_option("--idle-exit", idle_exit_seconds,
                 "with --listen: detach from the caller and exit after this many seconds "
                 "without a connection (a per-user service, kernel/worker/detached_service.hpp)")
      ->check(CLI::PositiveNumber);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  options.preload = split_commas(preload);
  options.warm_completion = warm_completion != "no";
  const bool spare_child = spare != "no";
  std::vector<std::string> shared_namespaces = split_commas(shared_namespaces_list);
  const std::chrono::seconds idle_exit(listen.empty() ? 0 : idle_exit_seconds);
  std::optional<gradebox::sandbox::ScratchDir> own_scratch;
  if (idle_exit.count() > 0) {
    own_scratch = gradebox::worker::detach_service();
    scratch = own_scratch->path();
  }
  // Lifetime: the zygote lives as long as its control socket. The other end is held only by the
  // runtime's process (close-on-exec), so the kernel or grader exiting or being killed ends the
  // zygote (run_zygote sees EOF and kills its sessions). No PR_SET_PDEATHSIG here: it fires when
  // the *thread* that spawned us exits, and the runtime may be started from a short-lived thread.
  // Session children do hold it, since the zygote is single-threaded (session_child.cpp).
  //
  // Whatever mask the launcher had, signals reach us; terminal interrupts are for sessions, which
  // restore Python's handler; the zygote itself ignores them.
  sigset_t no_signals;
  sigemptyset(&no_signals);
  ::sigprocmask(SIG_SETMASK, &no_signals, nullptr);
  ::signal(SIGINT, SIG_IGN);
  // Fork safety: no BLAS/OpenMP thread pools in the zygote.
  for (const char* name : {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"})
    ::setenv(name, "1", 1);

  const std::vector<std::string> entered =
      gradebox::worker::enter_zygote_namespaces(shared_namespaces);
  gradebox::worker::PythonPrimitives primitives;
  try {
    primitives = gradebox::worker::start_python(options);
  } catch (const std::exception& error) {
    gradebox::protocol::send_control(control_fd, {{"op", "failed"}, {"error", error.what()}});
    return 3;
  }
  primitives.info["shared_namespaces"] = entered;
  const gradebox::worker::ZygoteOptions zygote_options{
      spare_child, std::find(entered.begin(), entered.end(), "pid") != entered.end()};
  // The runtime removes the scratch dir when it stops the zygote; if the runtime's process was
  // killed instead, the zygote is the last one who can.
  const pid_t zygote = ::getpid();
  const auto remove_scratch = [&] {
    std::error_code ignored;
    if (!scratch.empty() && ::getpid() == zygote) std::filesystem::remove_all(scratch, ignored);
  };
  try {
    int code;
    if (listen.empty()) {
      gradebox::protocol::send_control(control_fd, {{"op", "ready"}, {"info", primitives.info}});
      code = gradebox::worker::run_zygote(control_fd, primitives, zygote_options);
    } else {
      // What a client checks before attaching: the zygote was started as it would start one.
      std::error_code ignored;
      struct stat self {};
      ::stat("/proc/self/exe", &self);
      const nlohmann::json service = {
          {"python_mode", options.mode},
          {"preload", options.preload},
          {"shared_namespaces", shared_namespaces},
          {"worker", std::filesystem::read_symlink("/proc/self/exe", ignored).string()},
          {"worker_inode", static_cast<unsigned long long>(self.st_ino)},
          {"scratch", scratch.string()}};
      code = gradebox::worker::run_zygote_service(control_fd, listen, primitives, service,
                                                  zygote_options, idle_exit);
    }
    remove_scratch();
    return code;
  } catch (const std::exception& error) {
    // The runtime's end is gone (or, in a session child, its setup failed): nothing to serve.
    // _Exit: no Python finalisation or atexit handlers in what may be a forked child.
    std::fprintf(stderr, "gradebox-worker: %s\n", error.what());
    remove_scratch();
    std::_Exit(1);
  }
}
