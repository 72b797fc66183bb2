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
// Root only, as `gradebox runtime-serve`: a root kernel's sessions run as an unprivileged uid that
// can neither open the socket nor pass the service's uid check. An unprivileged kernel's sessions
// keep its uid, so they could connect; such a kernel starts its own zygote as before.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kernel/runtime/zygote_process.hpp"

namespace gradebox::runtime {

// The directory of this uid's services (made if missing). Throws ZygoteServiceUnavailable.
std::filesystem::path user_service_directory();

// Attaches to this uid's service for `policy`, starting it first when none is listening.
// Throws ZygoteServiceUnavailable or RuntimeStartError. `how` gets {"socket", "started": bool}.
AttachedZygote attach_or_start_user_service(const RuntimePolicy& policy,
                                            const std::vector<std::string>& shared_namespaces,
                                            nlohmann::json& how);

}  // namespace gradebox::runtime
