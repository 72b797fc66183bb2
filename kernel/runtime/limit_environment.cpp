// The session's limits as GRADEBOX_LIMIT_* variables (see limit_environment.hpp).
#include "kernel/runtime/limit_environment.hpp"

#include <fmt/format.h>

namespace gradebox::runtime {
namespace {

std::string seconds(const std::optional<std::chrono::milliseconds>& limit) {
  if (!limit) return "0";
  if (limit->count() % 1000 == 0) return std::to_string(limit->count() / 1000);
  return fmt::format("{:.3f}", limit->count() / 1000.0);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> limit_environment(const sandbox::Limits& limits) {
  return {{"GRADEBOX_LIMIT_MEMORY_BYTES", std::to_string(limits.memory_bytes)},
          {"GRADEBOX_LIMIT_CELL_TIMEOUT_SECONDS", seconds(limits.wall_time)},
          {"GRADEBOX_LIMIT_CPU_SECONDS", seconds(limits.cpu_time)},
          {"GRADEBOX_LIMIT_OUTPUT_BYTES", std::to_string(limits.output_bytes)},
          {"GRADEBOX_LIMIT_PIDS", std::to_string(limits.pids)}};
}

}  // namespace gradebox::runtime
