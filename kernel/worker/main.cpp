// gradebox-worker: the zygote. Started by the runtime client (kernel/runtime) with the control
// socket as fd 3; not meant to be run by hand.
//   gradebox-worker --control-fd 3 [--python-mode auto|ipython|plain] [--preload numpy,...]
//                   [--shared-namespaces net,uts] [--warm-completion yes|no]
//                   [--spare-child yes|no]   (keep one child forked ahead of the next session)
//                   [--scratch DIR]   (the runtime's scratch dir for it, removed when it ends)
//                   [--listen SOCKET] (serve connections instead: kernel/worker/zygote_service.hpp)
// Exit codes: 0 after shutdown, 1 control socket failure, 2 bad arguments, 3 Python start failed.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include "kernel/protocol/control_message.hpp"
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
  int control_fd = -1;
  gradebox::worker::PythonOptions options;
  std::filesystem::path scratch;
  std::vector<std::string> shared_namespaces;
  std::filesystem::path listen;
  bool spare_child = true;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--control-fd") control_fd = std::atoi(value.c_str());
    else if (flag == "--python-mode") options.mode = value;
    else if (flag == "--preload") options.preload = split_commas(value);
    else if (flag == "--scratch") scratch = value;
    else if (flag == "--listen") listen = value;
    else if (flag == "--shared-namespaces") shared_namespaces = split_commas(value);
    else if (flag == "--warm-completion") options.warm_completion = value != "no";
    else if (flag == "--spare-child") spare_child = value != "no";
    else {
      std::fprintf(stderr, "gradebox-worker: unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  if (control_fd < 0) {
    std::fprintf(stderr,
                 "gradebox-worker: --control-fd is required (the worker is started by the "
                 "gradebox runtime, not by hand)\n");
    return 2;
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
                                                  zygote_options);
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
