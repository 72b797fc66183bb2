// ZygoteProcess: spawning the worker, the control conversation, exit bookkeeping.
#include "kernel/runtime/zygote_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "kernel/runtime/runtime.hpp"
#include "kernel/runtime/zygote_connection.hpp"

extern char** environ;

namespace gradebox::runtime {

std::filesystem::path find_worker(const RuntimePolicy& policy) {
  if (!policy.worker_path.empty()) return policy.worker_path;
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error && std::filesystem::exists(self.parent_path() / "gradebox-worker"))
    return self.parent_path() / "gradebox-worker";
  return "gradebox-worker";  // $PATH
}

namespace {

using nlohmann::json;

std::string join(const std::vector<std::string>& parts) {
  std::string joined;
  for (const auto& part : parts) joined += (joined.empty() ? "" : ",") + part;
  return joined;
}

sandbox::ScratchDir make_scratch() {
  try {
    return sandbox::ScratchDir::create("zygote");
  } catch (const std::system_error& error) {
    throw RuntimeStartError(std::string("the zygote's scratch dir: ") + error.what());
  }
}

// Waits for one control message with a deadline; nullopt on timeout or EOF.
std::optional<protocol::ControlMessage> receive_within(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  int ready;
  do ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
  while (ready < 0 && errno == EINTR);
  if (ready <= 0) return std::nullopt;
  return protocol::receive_control(fd);
}

}  // namespace

ZygoteProcess::ZygoteProcess(const RuntimePolicy& policy,
                             const std::vector<std::string>& shared_namespaces,
                             const std::filesystem::path& listen, std::chrono::seconds idle_exit) {
  const bool detached = !listen.empty() && idle_exit.count() > 0;
  if (!detached) {  // a detached service makes its own, named by its own pid
    owned_scratch_ = make_scratch();
    scratch_ = owned_scratch_->path();
  }
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
    throw RuntimeStartError(std::string("socketpair for the zygote: ") + std::strerror(errno));
  control_ = sandbox::UniqueFd(pair[0]);
  // Kept above 3 so the dup2 onto 3 below always clears close-on-exec.
  sandbox::UniqueFd child_end(::fcntl(pair[1], F_DUPFD_CLOEXEC, 10));
  ::close(pair[1]);

  const std::string worker = find_worker(policy);
  std::vector<std::string> args = {worker,
                                   "--control-fd",
                                   "3",
                                   "--python-mode",
                                   policy.python_mode,
                                   "--preload",
                                   join(policy.preload_modules),
                                   "--shared-namespaces",
                                   join(shared_namespaces),
                                   "--warm-completion",
                                   policy.warm_completion ? "yes" : "no",
                                   "--spare-child",
                                   policy.spare_session_child ? "yes" : "no"};
  if (!detached) args.insert(args.end(), {"--scratch", scratch_.string()});
  if (!listen.empty()) args.insert(args.end(), {"--listen", listen.string()});
  if (detached) args.insert(args.end(), {"--idle-exit", std::to_string(idle_exit.count())});
  std::vector<std::string> env = {
      "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",   "HOME=" + scratch_.string(),
      "IPYTHONDIR=" + scratch_.string(),   "MPLBACKEND=agg", "MPLCONFIGDIR=" + scratch_.string()};
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_end.get(), 3);
  // Nothing the zygote does may depend on (or import from) the caller's cwd.
  posix_spawn_file_actions_addchdir_np(&actions, detached ? "/" : scratch_.c_str());
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Own process group: a terminal's Ctrl-C reaches the kernel, which decides what to interrupt.
  // Empty signal mask and default dispositions: the worker must not inherit what the calling
  // thread blocks or ignores (the kernel blocks SIGINT in all its threads; sessions are
  // interrupted with SIGINT).
  sigset_t no_signals, all_signals;
  sigemptyset(&no_signals);
  sigfillset(&all_signals);
  posix_spawnattr_setsigmask(&attributes, &no_signals);
  posix_spawnattr_setsigdefault(&attributes, &all_signals);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attributes, 0);
  const int spawned =
      ::posix_spawnp(&pid_, worker.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  child_end.reset();
  if (spawned != 0) {
    throw RuntimeStartError("cannot start " + worker + ": " + std::strerror(spawned) +
                            " (build gradebox-worker, or set RuntimePolicy::worker_path)");
  }

  auto hello = receive_within(control_.get(), std::chrono::seconds(60));
  if (!hello || hello->body.value("op", "") != "ready") {
    const std::string why = hello ? hello->body.value("error", std::string("unexpected reply"))
                                  : std::string("no ready message within 60 s or it exited");
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    throw RuntimeStartError("gradebox-worker (" + worker + ") failed to start: " + why);
  }
  info_ = hello->body.value("info", json::object());
  if (detached) {
    ::waitpid(pid_, nullptr, 0);  // the parent half of its fork, exited at once
    pid_ = info_["service"].value("listener_pid", -1);
    spawned_ = false;
  }
  info_["pid"] = pid_;
  reader_ = std::thread([this] { read_loop(); });
}

ZygoteProcess::ZygoteProcess(AttachedZygote attached)
    : pid_(attached.info.value("pid", -1)),
      spawned_(false),
      scratch_(std::move(attached.scratch)),
      control_(std::move(attached.control)),
      info_(std::move(attached.info)) {
  reader_ = std::thread([this] { read_loop(); });
}

ZygoteProcess::~ZygoteProcess() {
  try {
    protocol::send_control(control_.get(), {{"op", "shutdown"}});
  } catch (const std::exception&) {
    // already gone
  }
  ::shutdown(control_.get(), SHUT_RDWR);
  if (reader_.joinable()) reader_.join();
  if (!spawned_) return;  // the connection zygote ends when it sees our end close
  int status;
  for (int i = 0; i < 200 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i) ::usleep(10000);
  if (::waitpid(pid_, &status, WNOHANG) == 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
  }
}

bool ZygoteProcess::shares_namespace(const std::string& name) const {
  const auto it = info_.find("shared_namespaces");
  if (it == info_.end() || !it->is_array()) return false;
  return std::find(it->begin(), it->end(), name) != it->end();
}

void ZygoteProcess::read_loop() {
  for (;;) {
    std::optional<protocol::ControlMessage> message;
    try {
      message = protocol::receive_control(control_.get());
    } catch (const std::exception&) {
      message.reset();
    }
    std::lock_guard lock(mutex_);
    if (!message) {
      zygote_gone_ = true;
      changed_.notify_all();
      return;
    }
    const std::string op = message->body.value("op", "");
    const long long session = message->body.value("session", -1LL);
    if (op == "opened") {
      opened_[session] = std::move(*message);
    } else if (op == "exited") {
      if (forgotten_.erase(session) == 0)
        exits_[session] = {message->body.value("status", 0), message->body.value("cpu_ms", 0LL),
                           message->body.value("max_rss_kb", 0LL)};
    }
    changed_.notify_all();
  }
}

OpenedChild ZygoteProcess::open(long long session, json request, const std::vector<int>& fds) {
  std::lock_guard one_at_a_time(open_mutex_);
  request["op"] = "open";
  request["session"] = session;
  try {
    protocol::send_control(control_.get(), request, fds);
  } catch (const std::exception& error) {
    throw SessionError(std::string("cannot reach the zygote: ") + error.what());
  }
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, std::chrono::seconds(30),
                         [&] { return opened_.count(session) || zygote_gone_; }))
    throw SessionError("the zygote did not answer an open request within 30 s");
  if (!opened_.count(session))
    throw SessionError(spawned_ ? "the zygote exited (gradebox-worker crashed)"
                                : "the zygote service closed our connection (it was stopped?)");
  protocol::ControlMessage reply = std::move(opened_[session]);
  opened_.erase(session);
  if (reply.body.contains("error") || reply.fds.empty())
    throw SessionError("the zygote could not open a session: " +
                       reply.body.value("error", std::string("no pidfd")));
  return {reply.body.value("pid", -1), std::move(reply.fds[0])};
}

std::optional<ChildExit> ZygoteProcess::wait_exit(long long session,
                                                  std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return exits_.count(session) || zygote_gone_; });
  const auto it = exits_.find(session);
  if (it == exits_.end()) return std::nullopt;
  return it->second;
}

void ZygoteProcess::forget(long long session) {
  std::lock_guard lock(mutex_);
  if (exits_.erase(session) == 0) forgotten_.insert(session);
}

}  // namespace gradebox::runtime
