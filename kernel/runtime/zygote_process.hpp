// The trusted side's handle on one gradebox-worker zygote: spawns it, sends open requests, and
// collects child exits it reports (a reader thread owns the receiving end of the control socket).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "kernel/protocol/control_message.hpp"
#include "kernel/runtime/runtime_policy.hpp"
#include "sandbox/scratch_dir.hpp"
#include "sandbox/unique_fd.hpp"

namespace gradebox::runtime {

// Exit of a session child as its parent (the zygote) saw it.
struct ChildExit {
  int status = 0;  // waitpid status
  long long cpu_ms = 0;
  long long max_rss_kb = 0;
};

struct OpenedChild {
  pid_t pid = -1;
  sandbox::UniqueFd pidfd;
};

// A connection to a zygote service that already said ready (kernel/runtime/zygote_connection.hpp).
struct AttachedZygote {
  sandbox::UniqueFd control;
  nlohmann::json info;            // its ready info, "pid" the connection zygote
  std::filesystem::path scratch;  // the service's scratch dir (sessions may read it)
};

class ZygoteProcess {
 public:
  // Spawns the worker and waits for its ready message. Throws RuntimeStartError.
  // `shared_namespaces` ("net", "uts"): namespaces the zygote enters once for all its sessions.
  // `listen`: start it as a zygote service on that socket instead (zygote_service.hpp); then
  // it opens no session itself. `idle_exit` (with `listen`): the service detaches from us
  // (kernel/worker/detached_service.hpp) and exits after that long without a connection; this
  // object then only saw it start (pid() is the service's listener, neither reaped nor stopped).
  ZygoteProcess(const RuntimePolicy& policy, const std::vector<std::string>& shared_namespaces,
                const std::filesystem::path& listen = {},
                std::chrono::seconds idle_exit = std::chrono::seconds(0));
  // Drives a connection zygote of a service; neither its process nor the scratch dir is ours.
  explicit ZygoteProcess(AttachedZygote attached);
  ~ZygoteProcess();
  ZygoteProcess(const ZygoteProcess&) = delete;
  ZygoteProcess& operator=(const ZygoteProcess&) = delete;

  // Asks for a session child; `fds` are sent along (frame socket, key pipe, sandbox fds).
  // Throws SessionError.
  OpenedChild open(long long session, nlohmann::json request, const std::vector<int>& fds);
  // Waits for the zygote's exit report of a session child; nullopt on timeout.
  std::optional<ChildExit> wait_exit(long long session, std::chrono::milliseconds timeout);
  // The session is done: drop its exit report now or whenever it arrives.
  void forget(long long session);

  const nlohmann::json& info() const { return info_; }
  pid_t pid() const { return pid_; }
  // The zygote's IPYTHONDIR/HOME; sessions may read it.
  const std::filesystem::path& scratch() const { return scratch_; }
  // The namespaces the zygote did enter (a subset of those asked for): sessions inherit them.
  bool shares_namespace(const std::string& name) const;

 private:
  void read_loop();

  pid_t pid_ = -1;
  bool spawned_ = true;  // false when attached: nothing to reap or remove
  std::optional<sandbox::ScratchDir> owned_scratch_;  // when spawned: removed with this object
  std::filesystem::path scratch_;                     // IPYTHONDIR and HOME of the zygote
  sandbox::UniqueFd control_;
  nlohmann::json info_;
  std::thread reader_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<long long, protocol::ControlMessage> opened_;
  std::map<long long, ChildExit> exits_;
  std::set<long long> forgotten_;
  bool zygote_gone_ = false;
  std::mutex open_mutex_;  // one open request in flight at a time
};

}  // namespace gradebox::runtime
