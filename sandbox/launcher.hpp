// Runs one command in the sandbox and returns its verdict: the composition of every mechanism.
//
// Parent: Confinement::prepare (cgroup), pipes for stdout/stderr/status, then clone() of the
// run's init with CLONE_NEWPID when the host allows it (root). The init applies the child half
// (apply_to_current_process, see confinement.hpp for the order; no mount namespace, see launch),
// starts the program with vfork + exec (everything is applied already), reaps every process of
// the namespace, reports the program's wait status on the status pipe and
// exits: leaving a pid namespace kills whatever the program left behind. The parent captures
// output up to the cap (counting and discarding the rest), enforces wall time (and CPU time of
// the whole tree when a cgroup accounts for it), kills the tree (cgroup.kill / freezer / pid
// namespace / process-tree walk as subreaper), reaps, collects usage and removes the cgroup.
#pragma once

#include <string>
#include <vector>

#include "sandbox/policy.hpp"
#include "sandbox/probe.hpp"
#include "sandbox/verdict.hpp"

namespace gradebox::sandbox {

// Throws SetupError when the sandbox cannot be prepared (level below policy.required_level, a
// cgroup that cannot be created, pipes/clone failing). Failures inside the child after that are
// verdicts (internal_error with the failing step). argv[0] is looked up in the policy's PATH.
// shared_netns_fd: an empty network namespace to join instead of creating one per run (see
// Confinement::share_network_namespace; ignored when that declines).
Verdict launch(const Policy& policy, const std::vector<std::string>& argv, const HostProbe& host,
               int shared_netns_fd = -1);

}  // namespace gradebox::sandbox
