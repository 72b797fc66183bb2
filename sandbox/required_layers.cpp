// Owns the names of requirable isolation layers and the checks against a host and a child.
#include "sandbox/required_layers.hpp"

#include <algorithm>

namespace gradebox::sandbox {
namespace {

constexpr std::string_view kNamespaceSuffix = "_namespace";

bool namespace_available(const namespaces::Available& ns, std::string_view kind) {
  if (kind == "user") return ns.user;
  if (kind == "pid") return ns.pid;
  if (kind == "net") return ns.net;
  if (kind == "ipc") return ns.ipc;
  if (kind == "uts") return ns.uts;
  return ns.mount;
}

bool applied_starting_with(const std::vector<std::string>& applied, std::string_view prefix) {
  return std::any_of(applied.begin(), applied.end(),
                     [&](const std::string& layer) { return layer.starts_with(prefix); });
}

}  // namespace

const std::vector<std::string_view>& requirable_layers() {
  static const std::vector<std::string_view> names = {
      "landlock",      "seccomp",       "user_namespace", "pid_namespace",
      "net_namespace", "ipc_namespace", "uts_namespace",  "mount_namespace"};
  return names;
}

std::optional<std::string> unknown_layer_problem(std::string_view name) {
  const auto& names = requirable_layers();
  if (std::find(names.begin(), names.end(), name) != names.end()) return std::nullopt;
  std::string known;
  for (const auto n : names) known += (known.empty() ? "" : ", ") + std::string(n);
  return "\"" + std::string(name) + "\" is not an isolation layer: expected " + known;
}

std::vector<MissingLayer> missing_on_host(const HostProbe& host,
                                          const std::vector<std::string>& required) {
  std::vector<MissingLayer> missing;
  for (const auto& layer : required) {
    if (layer == "landlock" && host.landlock_abi <= 0)
      missing.push_back({layer,
                         "the kernel reports no Landlock ABI (it needs Linux 5.13+ with "
                         "landlock in the lsm= list, and a seccomp profile that allows "
                         "landlock_create_ruleset)"});
    else if (layer == "seccomp" && !host.seccomp)
      missing.push_back({layer, "the kernel has no seccomp filter support"});
    else if (layer.ends_with(kNamespaceSuffix) &&
             !namespace_available(host.namespaces, std::string_view(layer).substr(
                                                       0, layer.size() - kNamespaceSuffix.size())))
      missing.push_back({layer,
                         "a probe child could not create one (denied by the container "
                         "runtime's seccomp profile, or by missing privileges)"});
  }
  return missing;
}

std::vector<MissingLayer> missing_in_child(const std::vector<std::string>& applied,
                                           const std::vector<std::string>& required) {
  std::vector<MissingLayer> missing;
  for (const auto& layer : required) {
    if (layer == "landlock" && !applied_starting_with(applied, "landlock:"))
      missing.push_back({layer, "the session's Landlock ruleset could not be created"});
    else if (layer == "seccomp" && !applied_starting_with(applied, "seccomp"))
      missing.push_back({layer, "the session's seccomp filter was not installed"});
  }
  return missing;
}

std::string describe_missing(const std::vector<MissingLayer>& missing) {
  std::string text = "required isolation layer(s) missing: ";
  for (std::size_t i = 0; i < missing.size(); ++i)
    text += (i ? "; " : "") + missing[i].layer + " (" + missing[i].why + ")";
  return text;
}

}  // namespace gradebox::sandbox
