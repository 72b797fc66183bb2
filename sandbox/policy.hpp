// What one sandboxed run is allowed to do: limits, filesystem view, environment, isolation level.
// A Policy is plain data shared by both sides: the trusted parent prepares cgroups from it, the
// child applies rlimits/Landlock/seccomp from it, and the verdict records it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/limits.hpp"

namespace gradebox::sandbox {

// Ordered weakest to strongest: a run at level L also has every layer of the levels below.
enum class IsolationLevel { rlimit = 0, cgroup1 = 1, cgroup2 = 2 };

std::string_view to_string(IsolationLevel level);
// "cgroup2" | "cgroup1" | "rlimit"; nullopt for anything else.
std::optional<IsolationLevel> parse_isolation_level(std::string_view text);

struct Policy {
  // The launcher captures stdout and stderr each up to limits.output_bytes; the rest is read,
  // discarded and counted, and exceeding the cap is an `output_limit` verdict.
  Limits limits = one_off_run_limits();
  bool network = false;
  // The only directory the child may write (Landlock); empty = nothing writable.
  std::filesystem::path writable_dir;
  // cwd of the child; empty = writable_dir, or "/" when that is empty too.
  std::filesystem::path working_dir;
  // Readable (and executable) in addition to system_readable_paths() (system_paths.hpp).
  std::vector<std::filesystem::path> readable_paths;
  // The child's complete environment as "KEY=VALUE"; nothing is inherited.
  std::vector<std::string> environment;
  // Identity to drop to when started as root.
  uid_t drop_uid = 65534;
  gid_t drop_gid = 65534;
  // Use at most this level even if the host allows more (tests, hosts that misreport).
  std::optional<IsolationLevel> max_level;
  // Refuse to run when the host cannot give at least this level.
  std::optional<IsolationLevel> required_level;
  // Refuse to run without these layers (required_layers.hpp: "landlock", "seccomp", ...).
  std::vector<std::string> required_layers;
};

// The environment a run gets when the caller names none: PATH, LANG, HOME/TMPDIR = writable dir.
std::vector<std::string> default_environment(const Policy& policy);

// "512M", "2G", "1.5K", "100" (bytes; K/M/G/T are powers of 1024). Throws std::invalid_argument
// naming the text and the accepted forms.
std::uint64_t parse_size(std::string_view text);
// "1.5s", "300ms", "2m", "10" (seconds). Throws std::invalid_argument like parse_size.
std::chrono::milliseconds parse_duration(std::string_view text);

}  // namespace gradebox::sandbox
