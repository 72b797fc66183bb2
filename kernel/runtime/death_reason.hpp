// Turns a session child's exit (wait status, usage, sandbox evidence) into the verdict and the
// human-readable reason the caller shows ("memory limit of 512 MiB exceeded").
#pragma once

#include "kernel/runtime/event.hpp"
#include "kernel/runtime/runtime_policy.hpp"
#include "kernel/runtime/session_confinement.hpp"
#include "kernel/runtime/zygote_process.hpp"

namespace gradebox::runtime {

// Exit code of a child whose set-up failed (kernel/worker/session_child.cpp).
inline constexpr int child_setup_failed_exit = 70;

CellVerdict death_verdict(const std::optional<ChildExit>& exit, const ConfinementEvidence& evidence,
                          const RuntimePolicy& policy);

// "512 MiB", "1.5 GiB", "100 KiB".
std::string format_bytes(std::uint64_t bytes);

}  // namespace gradebox::runtime
