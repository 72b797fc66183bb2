// Verdict decision, names, summary line and the versioned JSON form.
#include "sandbox/verdict.hpp"

#include <fmt/format.h>
#include <sys/wait.h>

#include <algorithm>
#include <csignal>
#include <cstring>

namespace gradebox::sandbox {

std::string signal_name(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(signal);
}

namespace {

std::string format_bytes(std::uint64_t bytes) {
  if (bytes >= (1ull << 30)) return fmt::format("{:.1f}GiB", bytes / double(1ull << 30));
  if (bytes >= (1ull << 20)) return fmt::format("{:.1f}MiB", bytes / double(1ull << 20));
  if (bytes >= (1ull << 10)) return fmt::format("{:.1f}KiB", bytes / double(1ull << 10));
  return fmt::format("{}B", bytes);
}

bool cpu_over_limit(const RunFacts& facts, const Policy& policy) {
  return facts.cpu_ms && policy.limits.cpu_time && *facts.cpu_ms >= policy.limits.cpu_time->count();
}

// At the rlimit level an allocation over RLIMIT_AS fails inside the program (MemoryError) and
// nothing outside counts it: the kernel's resident peak near the limit stands in. Address space
// exceeds the resident set by the mapped libraries, hence 3/4 and not the limit itself.
bool failed_near_address_space_limit(const RunFacts& facts, const Verdict& v,
                                     const Policy& policy) {
  const bool failed = v.signal || v.exit_code.value_or(0) != 0;
  return facts.address_space_limit && failed && facts.peak_memory_bytes &&
         *facts.peak_memory_bytes >= policy.limits.memory_bytes / 4 * 3;
}

void add_memory_evidence(Verdict& v, const RunFacts& facts, const Policy& policy) {
  const bool cgroup_named_it =
      std::any_of(v.evidence.begin(), v.evidence.end(),
                  [](const std::string& e) { return e.find("oom_kill") != std::string::npos; });
  if (facts.oom_kills > 0 && !cgroup_named_it)
    v.evidence.push_back(fmt::format("oom_kill {}", facts.oom_kills));
  if (v.signal == SIGKILL && facts.memory_limit_reached)
    v.evidence.push_back("SIGKILL with memory at the limit");
  else if (facts.oom_kills == 0)
    v.evidence.push_back(
        fmt::format("failed with peak memory {} ({}) of the address-space limit {}",
                    format_bytes(facts.peak_memory_bytes.value_or(0)), facts.peak_memory_source,
                    format_bytes(policy.limits.memory_bytes)));
}

}  // namespace

Verdict decide_verdict(const RunFacts& facts, const Policy& policy) {
  Verdict v;
  v.wall_ms = facts.wall_ms;
  v.cpu_ms = facts.cpu_ms.value_or(0);
  v.peak_memory_bytes = facts.peak_memory_bytes;
  v.peak_memory_source = facts.peak_memory_source;
  v.evidence = facts.evidence;
  if (facts.wait_status) {
    const int status = *facts.wait_status;
    if (WIFEXITED(status)) v.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) v.signal = WTERMSIG(status);
  }
  const bool killed = v.signal == SIGKILL;

  if (facts.setup_error) {
    v.kind = VerdictKind::internal_error;
    v.detail = "sandbox set-up failed: " + *facts.setup_error;
  } else if (facts.wall_limit_hit) {
    v.kind = VerdictKind::timeout;
    v.detail = fmt::format("wall time limit of {} ms exceeded",
                           policy.limits.wall_time.value_or(std::chrono::milliseconds(0)).count());
    v.evidence.push_back(fmt::format("killed by the parent after {} ms wall", facts.wall_ms));
  } else if (v.signal == SIGSYS) {
    v.kind = VerdictKind::policy_violation;
    v.detail = facts.seccomp_syscall ? "forbidden system call " + *facts.seccomp_syscall
                                     : "forbidden system call (seccomp)";
    v.evidence.push_back("terminated by SIGSYS from the seccomp filter");
  } else if (facts.oom_kills > 0 || (killed && facts.memory_limit_reached) ||
             failed_near_address_space_limit(facts, v, policy)) {
    v.kind = VerdictKind::memory_limit;
    v.detail = fmt::format("memory limit of {} exceeded", format_bytes(policy.limits.memory_bytes));
    add_memory_evidence(v, facts, policy);
  } else if (v.signal == SIGXCPU || (killed && cpu_over_limit(facts, policy))) {
    v.kind = VerdictKind::cpu_limit;
    v.detail = fmt::format("CPU time limit of {} ms exceeded",
                           policy.limits.cpu_time.value_or(std::chrono::milliseconds(0)).count());
    v.evidence.push_back(fmt::format("{} after {} ms CPU", signal_name(*v.signal), v.cpu_ms));
  } else if (facts.output_limit_hit) {
    v.kind = VerdictKind::output_limit;
    v.detail = fmt::format("output limit of {} per stream exceeded",
                           format_bytes(policy.limits.output_bytes));
  } else if (v.signal) {
    v.kind = VerdictKind::signaled;
    v.detail = "killed by " + signal_name(*v.signal);
  } else if (v.exit_code == 0) {
    v.kind = VerdictKind::ok;
    v.detail = "exited 0";
  } else if (v.exit_code) {
    v.kind = VerdictKind::error;
    v.detail = fmt::format("exited {}", *v.exit_code);
  } else {
    v.kind = VerdictKind::internal_error;
    v.detail = "no exit status was collected";
  }
  return v;
}

std::string summary_line(const Verdict& v) {
  std::string status;
  if (v.signal && v.kind != VerdictKind::signaled) status = ", " + signal_name(*v.signal);
  if (v.exit_code && v.kind != VerdictKind::ok && v.kind != VerdictKind::error)
    status = fmt::format(", exit {}", *v.exit_code);
  std::string peak = v.peak_memory_bytes ? format_bytes(*v.peak_memory_bytes) : "?";
  return fmt::format("gradebox-run: {} ({}{}) cpu {}ms wall {}ms peak {} [{}]", to_string(v.kind),
                     v.detail, status, v.cpu_ms, v.wall_ms, peak, to_string(v.level));
}

namespace {

// The child's bytes are arbitrary; invalid UTF-8 becomes U+FFFD instead of breaking the JSON.
std::string valid_utf8(const std::string& bytes) {
  const auto quoted =
      nlohmann::json(bytes).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return nlohmann::json::parse(quoted).get<std::string>();
}

nlohmann::ordered_json output_json(const OutputCapture& out) {
  nlohmann::ordered_json j;
  j["bytes"] = out.total_bytes;
  j["captured"] = out.captured.size();
  j["truncated"] = out.truncated();
  j["text"] = valid_utf8(out.captured);
  return j;
}

}  // namespace

nlohmann::ordered_json to_json(const Verdict& v, const Policy& policy) {
  nlohmann::ordered_json j;
  j["schema"] = "gradebox.verdict";
  j["version"] = 1;
  j["verdict"] = to_string(v.kind);
  j["detail"] = v.detail;
  j["exit_code"] = v.exit_code ? nlohmann::ordered_json(*v.exit_code) : nullptr;
  j["signal"] = v.signal ? nlohmann::ordered_json(*v.signal) : nullptr;
  j["signal_name"] = v.signal ? nlohmann::ordered_json(signal_name(*v.signal)) : nullptr;
  j["cpu_ms"] = v.cpu_ms;
  j["wall_ms"] = v.wall_ms;
  j["peak_memory_bytes"] =
      v.peak_memory_bytes ? nlohmann::ordered_json(*v.peak_memory_bytes) : nullptr;
  j["peak_memory_source"] =
      v.peak_memory_source.empty() ? nullptr : nlohmann::ordered_json(v.peak_memory_source);
  j["evidence"] = v.evidence;
  j["level"] = to_string(v.level);
  j["layers"] = v.layers;
  const auto ms_or_null = [](const std::optional<std::chrono::milliseconds>& duration) {
    return duration ? nlohmann::ordered_json(duration->count()) : nlohmann::ordered_json(nullptr);
  };
  j["limits"] = {{"wall_ms", ms_or_null(policy.limits.wall_time)},
                 {"cpu_ms", ms_or_null(policy.limits.cpu_time)},
                 {"memory_bytes", policy.limits.memory_bytes},
                 {"pids", policy.limits.pids},
                 {"output_bytes", policy.limits.output_bytes},
                 {"file_size_bytes", policy.limits.file_size_bytes},
                 {"open_files", policy.limits.open_files},
                 {"network", policy.network}};
  j["stdout"] = output_json(v.stdout_capture);
  j["stderr"] = output_json(v.stderr_capture);
  return j;
}

}  // namespace gradebox::sandbox
