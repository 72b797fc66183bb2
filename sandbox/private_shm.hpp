// A private /dev/shm for the child: an empty tmpfs in its own mount namespace.
//
// POSIX semaphores and shared memory (sem_open, shm_open; Python's multiprocessing locks and
// Pool) live in /dev/shm, which the Landlock view otherwise leaves out: the host's is shared by
// every user and outlives the run. The child gets a fresh tmpfs there instead, at most the
// policy's memory limit in size and with few inodes, gone with the run's mount namespace. Its
// pages are charged to the run's memory cgroup like any other memory.
//
// Verbs:
//   apply_in_child()  mounts it; only in a mount namespace of the child's own (step 4 of
//                     apply_to_current_process), never on the host's /dev/shm
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sandbox/policy.hpp"

namespace gradebox::sandbox::private_shm {

inline const std::filesystem::path mount_point = "/dev/shm";

// Returns {"shm:tmpfs"} when mounted (Landlock may then grant it read-write), {} when the host
// has no /dev/shm or refuses the mount, or when the run's own folders lie in /dev/shm (the mount
// would hide them); then POSIX semaphores stay unavailable.
std::vector<std::string> apply_in_child(const Policy& policy, bool own_mount_namespace);

}  // namespace gradebox::sandbox::private_shm
