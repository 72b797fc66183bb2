// Parsing and describing the kernel's resource limits (see kernel_limits.hpp).
#include "kernel/xeus/kernel_limits.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <cmath>
#include <stdexcept>

namespace gradebox::kernel {
namespace {

// The kernel's cell timeout in whole seconds as its flag takes it; 0: none.
long long cell_timeout_seconds(const sandbox::Limits& limits) {
  return limits.wall_time
             ? std::chrono::duration_cast<std::chrono::seconds>(*limits.wall_time).count()
             : 0;
}

struct LimitFlag {
  const char* flag;
  const char* env;
  const char* help;
};

constexpr LimitFlag limit_flags[] = {
    {"--memory", "GRADEBOX_MEMORY",
     "Memory limit of the sandbox, e.g. 512M, 2G (default 1G, as the grader)"},
    {"--cell-timeout", "GRADEBOX_CELL_TIMEOUT",
     "Wall-clock seconds one cell may run; 0 = no limit (default 0)"},
    {"--pids", "GRADEBOX_PIDS", "Maximum processes/threads in the sandbox (default 256)"},
    {"--output-limit", "GRADEBOX_OUTPUT_LIMIT",
     "Maximum output bytes per cell, e.g. 64M (default 16M, as the grader)"},
};

std::uint64_t parse_count(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || text.front() == '-') {
    throw std::invalid_argument(
        fmt::format("{}: '{}' is not a non-negative whole number", flag, text));
  }
  return value;
}

}  // namespace

void add_limit_options(CLI::App& app, LimitArguments& arguments, bool with_env) {
  for (const auto& limit : limit_flags) {
    std::string flag = limit.flag;
    auto* option = app.add_option_function<std::string>(
        flag, [&arguments, flag](const std::string& value) { arguments.given[flag] = value; },
        limit.help);
    if (with_env) {
      option->envname(limit.env);
    }
  }
}

sandbox::Limits limits_from_arguments(const LimitArguments& arguments) {
  sandbox::Limits limits;
  for (const auto& [flag, value] : arguments.given) {
    if (flag == "--memory") {
      limits.memory_bytes = parse_byte_size(value);
      if (limits.memory_bytes < (std::uint64_t{32} << 20)) {
        throw std::invalid_argument(
            fmt::format("--memory: {} is below 32 MiB, too little to start Python", value));
      }
    } else if (flag == "--cell-timeout") {
      const auto seconds = parse_count(flag, value);
      limits.wall_time.reset();
      if (seconds > 0) limits.wall_time = std::chrono::seconds(seconds);
    } else if (flag == "--pids") {
      limits.pids = static_cast<std::uint32_t>(parse_count(flag, value));
      if (limits.pids == 0) {
        throw std::invalid_argument("--pids: 0 would not even allow the Python process");
      }
    } else if (flag == "--output-limit") {
      limits.output_bytes = parse_byte_size(value);
    }
  }
  return limits;
}

nlohmann::ordered_json limits_metadata(const sandbox::Limits& limits) {
  return {{"memory_bytes", limits.memory_bytes},
          {"cell_timeout_seconds", cell_timeout_seconds(limits)},
          {"pids", limits.pids},
          {"output_bytes", limits.output_bytes}};
}

std::vector<std::string> limit_argv(const LimitArguments& arguments) {
  std::vector<std::string> argv;
  for (const auto& [flag, value] : arguments.given) {
    argv.push_back(flag);
    argv.push_back(value);
  }
  return argv;
}

std::uint64_t parse_byte_size(const std::string& text) {
  std::size_t used = 0;
  double number = -1;
  try {
    number = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || !std::isfinite(number) || number < 0) {
    throw std::invalid_argument(fmt::format(
        "'{}' is not a size; write a number with an optional unit: 512M, 2G, 1.5GiB", text));
  }
  std::string unit;
  for (char c : text.substr(used)) {
    unit.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (unit.ends_with("IB")) {
    unit.erase(unit.size() - 2);
  } else if (unit.size() > 1 && unit.ends_with("B")) {
    unit.pop_back();
  }
  int shift = -1;
  if (unit.empty() || unit == "B") shift = 0;
  if (unit == "K") shift = 10;
  if (unit == "M") shift = 20;
  if (unit == "G") shift = 30;
  if (unit == "T") shift = 40;
  if (shift < 0) {
    throw std::invalid_argument(
        fmt::format("'{}': unknown unit '{}'; use K, M, G or T (binary units)", text, unit));
  }
  return static_cast<std::uint64_t>(std::llround(std::ldexp(number, shift)));
}

std::string format_byte_size(std::uint64_t bytes) {
  constexpr const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  double value = static_cast<double>(bytes);
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  if (unit == 0) return fmt::format("{} bytes", bytes);
  if (value == std::floor(value)) return fmt::format("{:.0f} {}", value, units[unit]);
  return fmt::format("{:.1f} {}", value, units[unit]);
}

std::string describe_limits(const sandbox::Limits& limits) {
  std::string timeout = cell_timeout_seconds(limits) == 0
                            ? std::string("no cell timeout")
                            : fmt::format("cell timeout {} s", cell_timeout_seconds(limits));
  return fmt::format("memory {}, {}, at most {} processes, output {} per cell",
                     format_byte_size(limits.memory_bytes), timeout, limits.pids,
                     format_byte_size(limits.output_bytes));
}

}  // namespace gradebox::kernel
