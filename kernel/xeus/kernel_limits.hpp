// The resource limits one kernel applies to its sandboxed Python session, and where they come
// from: `gradebox-kernel` flags (as written into kernel.json by `gradebox-kernel install`), then
// GRADEBOX_* environment variables (a JupyterHub spawner can set those per course), then defaults.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sandbox/limits.hpp"

namespace CLI {
class App;
}

namespace gradebox::kernel {

// The kernel's flags set four of its sessions' sandbox::Limits (memory, cell wall time, pids,
// output per cell); the rest are the grader's defaults, so a notebook that runs here is graded
// alike. No cell timeout unless one is given: interactive cells may run long.

// Limit options as the user typed them, so `install` can write back exactly what was given.
struct LimitArguments {
  std::map<std::string, std::string> given;  // flag name ("--memory") -> value text
};

// Adds --memory, --cell-timeout, --pids, --output-limit to `app`. When `with_env` is set, each
// option also reads its GRADEBOX_* variable (the command line wins over the environment).
void add_limit_options(CLI::App& app, LimitArguments& arguments, bool with_env);

// Parses the collected texts into limits; throws std::invalid_argument naming the flag.
sandbox::Limits limits_from_arguments(const LimitArguments& arguments);

// kernel.json argv tail reproducing the given flags ("--memory", "2G", ...).
std::vector<std::string> limit_argv(const LimitArguments& arguments);

// "512M", "2G", "1.5GiB", "1048576" -> bytes (binary units). Throws std::invalid_argument.
std::uint64_t parse_byte_size(const std::string& text);

// 536870912 -> "512 MiB"; used in the banner and in worker-death messages.
std::string format_byte_size(std::uint64_t bytes);

// kernel.json's metadata.gradebox.limits: {memory_bytes, cell_timeout_seconds, pids, output_bytes}.
nlohmann::ordered_json limits_metadata(const sandbox::Limits& limits);

// One-line human summary for the banner: "memory 2 GiB, cell timeout off, 256 processes, ...".
std::string describe_limits(const sandbox::Limits& limits);

}  // namespace gradebox::kernel
