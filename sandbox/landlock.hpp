// Landlock (unprivileged filesystem/network/signal confinement). The child applies it after
// no_new_privs: read+execute on system_readable_paths() (system_paths.hpp) and
// policy.readable_paths, everything on policy.writable_dir and on the run's private /dev/shm
// when one is mounted (private_shm.hpp), nothing else (notably no /proc, so no /proc/self/mem).
// From ABI 4, TCP bind/connect are denied unless policy.network; from ABI 6, signals and abstract
// unix sockets are scoped to the sandbox (kill(-1) cannot reach the host). The system header may
// predate the kernel's ABI, so the structures are declared here.
#pragma once

#include <string>
#include <vector>

#include "sandbox/policy.hpp"

namespace gradebox::sandbox::landlock {

// The kernel's Landlock ABI version, 0 when unsupported or disabled.
int abi_version();

// From ABI 6 a sandbox's abstract unix sockets and signals are scoped to it. That is what makes
// sharing one empty network namespace between sandboxes safe: nothing else in it reaches across.
constexpr bool scopes_sockets_and_signals(int abi) {
  return abi >= 6;
}

// Returns {"landlock:<abi>"} or {} when the kernel lacks Landlock. Paths that do not exist are
// skipped; other failures throw std::system_error naming the path.
std::vector<std::string> apply_in_child(const Policy& policy, bool private_shm_mounted);

}  // namespace gradebox::sandbox::landlock
