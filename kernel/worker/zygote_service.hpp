// The warm zygote as a service (gradebox-worker --listen SOCKET): one preloaded interpreter that
// outlives the commands using it, so a grading host pays the IPython and numpy imports once.
//
// Listens on a SOCK_SEQPACKET Unix socket created mode 0600. Only a peer of our own uid that is
// not a sandboxed session (service_peer.hpp) is served; for each such connection it forks a
// connection zygote, which runs
// run_zygote on that connection exactly as a spawned zygote runs it on its control socket. So a
// client sees only the sessions it opened, and a client closing its end ends its sessions. The
// listener itself never reads a client's request.
//
// Control conversation, per connection (after the connection zygote's hello):
//   <- {"op":"ready","info":{...,"pid":connection zygote,"scratch":..,"service":{..}}}
//   then the zygote protocol of zygote.hpp.
// The service lives as long as the control socket it was started with (fd 3): EOF or
// {"op":"shutdown"} kills every connection zygote (and so, by their death signal, their
// sessions) and removes the socket file. With an idle timeout (detached_service.hpp) it closes
// the control socket after its ready instead and lives until it has served no connection for
// that long: then it removes the socket file (new clients start a new service), serves the
// connections already queued, and exits when they have ended.
#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "kernel/worker/python_runtime.hpp"
#include "kernel/worker/zygote.hpp"

namespace gradebox::worker {

// `service` is what a client compares with its own policy before attaching (mode, preloads,
// shared namespaces, worker executable). `options`: as run_zygote's, for every connection
// zygote. `idle_exit` zero: lives with the control socket. Returns the exit code.
int run_zygote_service(int control_fd, const std::filesystem::path& socket_path,
                       const PythonPrimitives& primitives, nlohmann::json service,
                       const ZygoteOptions& options,
                       std::chrono::seconds idle_exit = std::chrono::seconds(0));

}  // namespace gradebox::worker
