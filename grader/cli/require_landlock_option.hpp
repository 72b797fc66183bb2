// `--require-landlock` of the commands that run student code (autograde, validate): the same flag,
// help and environment variable everywhere. gradebox-kernel has its own (kernel/xeus).
#pragma once

#include <CLI/CLI.hpp>

namespace gradebox::cli {

inline void add_require_landlock_flag(CLI::App& cmd, bool& require_landlock) {
  cmd.add_flag("--require-landlock", require_landlock,
               "refuse to run when Landlock is unavailable on this host (as gradebox.toml "
               "isolation.require = [\"landlock\"]; env GRADEBOX_REQUIRE_LANDLOCK=1)")
      ->envname("GRADEBOX_REQUIRE_LANDLOCK");
}

}  // namespace gradebox::cli
