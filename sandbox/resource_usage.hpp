// What the parent reads back from a resource-control layer after (or during) a run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gradebox::sandbox {

struct ResourceUsage {
  std::optional<std::uint64_t> peak_memory_bytes;
  std::string peak_memory_source;  // "memory.peak", "memory.max_usage_in_bytes", "ru_maxrss"
  std::optional<std::int64_t> cpu_ms;  // whole tree
  std::uint64_t oom_kills = 0;
  bool memory_limit_reached = false;   // failcnt/max events > 0 or peak within 5% of the limit
  std::vector<std::string> evidence;   // "memory.events: oom_kill 1", "memory.failcnt 12", ...
};

}  // namespace gradebox::sandbox
