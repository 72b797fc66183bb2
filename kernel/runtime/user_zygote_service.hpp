// The per-user warm zygote of the interactive kernel (RuntimePolicy::user_zygote_idle_exit): the
// first gradebox-kernel of a uid starts a zygote service (kernel/worker/zygote_service.hpp)
// detached from itself, and every later kernel of that uid, including the one Jupyter starts on
// "Restart kernel", attaches to it and gets a session forked from an interpreter that has
// imported IPython and the preloads already. The service ends after the idle time without a
// kernel attached.
//
// Each kernel gets its own connection zygote, forked from the service's listener, which never
// reads a request; sessions fork from that, and every per-session path, key and cgroup is given
// after the fork by the kernel itself. So a session never starts from an interpreter that saw
// another kernel's cells or files.
//
// Where: $XDG_RUNTIME_DIR/gradebox when $XDG_RUNTIME_DIR is a directory of ours that group and
// others cannot write, else /tmp/gradebox-<euid>; either is made 0700 and used only while it is
// a directory of ours, not a link, with no group/other access. The socket is
// zygote-<hash>.sock, the hash over what a kernel checks before attaching (worker file, Python
// mode, preloads, shared namespaces), so kernels of different builds or settings do not share a
// service; zygote-<hash>.lock beside it (flock) lets one kernel start the service while the
// others wait for it. The attach checks of zygote_connection.hpp apply (socket owner and mode,
// SO_PEERCRED on both sides).
//
// Unprivileged kernels too, whose sessions keep the kernel's uid (JupyterHub's case), because a
// session can neither reach the service nor be served by it: its seccomp filter refuses to make
// an AF_UNIX SOCK_SEQPACKET socket, the only kind that connects to the service
// (sandbox/seccomp_rules.cpp), and the service refuses any client with no_new_privs, more
// seccomp filters than itself or another user namespace (kernel/worker/service_peer.hpp). The
// second needs the filter where the kernel has no_new_privs already, so an unprivileged kernel
// uses the service only where the host has seccomp, and then requires it of every session
// (user_service_policy).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kernel/runtime/zygote_process.hpp"
#include "sandbox/probe.hpp"

namespace gradebox::runtime {

// `policy` for a runtime on `host`: for an unprivileged runtime that asks for the user service,
// with "seccomp" among its sessions' required layers when the host has it (without it,
// attach_or_start_user_service refuses and the runtime starts its own zygote).
RuntimePolicy user_service_policy(RuntimePolicy policy, const sandbox::HostProbe& host);

// The directory of this uid's services (made if missing). Throws ZygoteServiceUnavailable.
std::filesystem::path user_service_directory();

// Attaches to this uid's service for `policy`, starting it first when none is listening.
// Throws ZygoteServiceUnavailable or RuntimeStartError. `how` gets {"socket", "started": bool}.
AttachedZygote attach_or_start_user_service(const RuntimePolicy& policy,
                                            const std::vector<std::string>& shared_namespaces,
                                            nlohmann::json& how);

}  // namespace gradebox::runtime
