// Isolation layers an operator can require (`--require-landlock`, gradebox.toml
// isolation.require = ["landlock", "seccomp", ...]): without them nothing runs, rather than
// student code running with less confinement than the operator counted on (e.g. no Landlock on an
// older kernel: the session could read what the sandbox user can).
//
// Names: landlock, seccomp, user_namespace, pid_namespace, net_namespace, ipc_namespace,
// uts_namespace, mount_namespace.
//
// Verbs:
//   missing_on_host()     before anything starts: which required layers the host probe lacks
//   missing_in_child()    in a sandboxed child after its plan was applied: which required
//                         layers it did not get (landlock and seccomp; namespaces a zygote
//                         shares with its children are only checked on the host)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/probe.hpp"

namespace gradebox::sandbox {

const std::vector<std::string_view>& requirable_layers();
// nullopt when `name` is one of requirable_layers().
std::optional<std::string> unknown_layer_problem(std::string_view name);

struct MissingLayer {
  std::string layer;
  std::string why;
};

std::vector<MissingLayer> missing_on_host(const HostProbe& host,
                                          const std::vector<std::string>& required);
// `applied`: the layer names apply_to_current_process returned ("landlock:7", "seccomp", ...).
std::vector<MissingLayer> missing_in_child(const std::vector<std::string>& applied,
                                           const std::vector<std::string>& required);

// "required isolation layer(s) missing: landlock (why); seccomp (why)".
std::string describe_missing(const std::vector<MissingLayer>& missing);

}  // namespace gradebox::sandbox
