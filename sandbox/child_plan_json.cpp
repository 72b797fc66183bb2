// ChildPlan <-> JSON, for crossing into a zygote's session child: the one place a plan is
// serialised (the trusted side builds and edits the typed plan, then calls to_json once).
#include "sandbox/confinement.hpp"

namespace gradebox::sandbox {
namespace {

using nlohmann::json;

template <typename T>
T field(const json& j, const char* name) {
  if (!j.contains(name))
    throw std::invalid_argument(std::string("sandbox plan: missing field '") + name + "'");
  try {
    return j.at(name).get<T>();
  } catch (const json::exception& e) {
    throw std::invalid_argument(std::string("sandbox plan: field '") + name + "': " + e.what());
  }
}

json milliseconds_or_null(const std::optional<std::chrono::milliseconds>& duration) {
  return duration ? json(duration->count()) : json(nullptr);
}

std::optional<std::chrono::milliseconds> optional_milliseconds(const json& j, const char* name) {
  if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
  return std::chrono::milliseconds(field<std::int64_t>(j, name));
}

std::optional<IsolationLevel> level_field(const json& j, const char* name) {
  if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
  const auto level = parse_isolation_level(field<std::string>(j, name));
  if (!level)
    throw std::invalid_argument(std::string("sandbox plan: field '") + name + "' is not a level");
  return level;
}

}  // namespace

json to_json(const Limits& l) {
  return {{"wall_ms", milliseconds_or_null(l.wall_time)},
          {"cpu_ms", milliseconds_or_null(l.cpu_time)},
          {"memory_bytes", l.memory_bytes},
          {"pids", l.pids},
          {"output_bytes", l.output_bytes},
          {"output_lines", l.output_lines},
          {"traceback_lines", l.traceback_lines},
          {"file_size_bytes", l.file_size_bytes},
          {"open_files", l.open_files}};
}

Limits limits_from_json(const json& j) {
  Limits l;
  l.wall_time = optional_milliseconds(j, "wall_ms");
  l.cpu_time = optional_milliseconds(j, "cpu_ms");
  l.memory_bytes = field<std::uint64_t>(j, "memory_bytes");
  l.pids = field<std::uint32_t>(j, "pids");
  l.output_bytes = field<std::uint64_t>(j, "output_bytes");
  l.output_lines = field<std::uint32_t>(j, "output_lines");
  l.traceback_lines = field<std::uint32_t>(j, "traceback_lines");
  l.file_size_bytes = field<std::uint64_t>(j, "file_size_bytes");
  l.open_files = field<std::uint32_t>(j, "open_files");
  return l;
}

json to_json(const Policy& p) {
  json j;
  j["limits"] = to_json(p.limits);
  j["network"] = p.network;
  j["writable_dir"] = p.writable_dir.string();
  j["working_dir"] = p.working_dir.string();
  j["readable_paths"] = json::array();
  for (const auto& path : p.readable_paths) j["readable_paths"].push_back(path.string());
  j["environment"] = p.environment;
  j["drop_uid"] = p.drop_uid;
  j["drop_gid"] = p.drop_gid;
  j["max_level"] = p.max_level ? json(to_string(*p.max_level)) : nullptr;
  j["required_level"] = p.required_level ? json(to_string(*p.required_level)) : nullptr;
  j["required_layers"] = p.required_layers;
  return j;
}

Policy policy_from_json(const json& j) {
  Policy p;
  p.limits = limits_from_json(field<json>(j, "limits"));
  p.network = field<bool>(j, "network");
  p.writable_dir = field<std::string>(j, "writable_dir");
  p.working_dir = field<std::string>(j, "working_dir");
  for (const auto& path : field<std::vector<std::string>>(j, "readable_paths"))
    p.readable_paths.emplace_back(path);
  p.environment = field<std::vector<std::string>>(j, "environment");
  p.drop_uid = field<uid_t>(j, "drop_uid");
  p.drop_gid = field<gid_t>(j, "drop_gid");
  p.max_level = level_field(j, "max_level");
  p.required_level = level_field(j, "required_level");
  p.required_layers = field<std::vector<std::string>>(j, "required_layers");
  return p;
}

json to_json(const ChildPlan& plan) {
  json j;
  j["policy"] = to_json(plan.policy);
  j["level"] = to_string(plan.level);
  j["cgroup_procs_files"] = json::array();
  for (const auto& f : plan.cgroup_procs_files) j["cgroup_procs_files"].push_back(f.string());
  const auto& ns = plan.namespaces;
  j["namespaces"] = {{"user", ns.user},   {"net", ns.net},
                     {"ipc", ns.ipc},     {"uts", ns.uts},
                     {"mount", ns.mount}, {"shared_netns_fd", ns.shared_netns_fd}};
  j["keep_fds"] = plan.keep_fds;
  j["replace_env"] = plan.replace_env;
  return j;
}

ChildPlan child_plan_from_json(const json& j) {
  ChildPlan plan;
  plan.policy = policy_from_json(field<json>(j, "policy"));
  plan.level = level_field(j, "level").value_or(IsolationLevel::rlimit);
  for (const auto& f : field<std::vector<std::string>>(j, "cgroup_procs_files"))
    plan.cgroup_procs_files.emplace_back(f);
  const auto ns = field<json>(j, "namespaces");
  plan.namespaces = {field<bool>(ns, "user"), field<bool>(ns, "net"), field<bool>(ns, "ipc"),
                     field<bool>(ns, "uts"), field<bool>(ns, "mount")};
  // Optional (added later): plans written before it simply create their own.
  if (ns.contains("shared_netns_fd"))
    plan.namespaces.shared_netns_fd = field<int>(ns, "shared_netns_fd");
  plan.keep_fds = field<std::vector<int>>(j, "keep_fds");
  plan.replace_env = field<bool>(j, "replace_env");
  return plan;
}

}  // namespace gradebox::sandbox
