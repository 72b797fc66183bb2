// Identity and capabilities of the child: drop to an unprivileged uid/gid when root, and clear
// every capability (including those a fresh user namespace grants) before untrusted code runs.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace gradebox::sandbox::privileges {

// setgroups({}), setresgid(gid), setresuid(uid) when the process is root; no-op otherwise.
// Returns {"privilege_drop:<uid>"} when it dropped. Throws std::system_error.
std::vector<std::string> drop_identity(uid_t uid, gid_t gid);

// Clears the bounding, ambient, effective, permitted and inheritable sets.
void drop_capabilities();

// PR_SET_NO_NEW_PRIVS: exec can never gain privileges again (setuid binaries, file caps).
std::vector<std::string> set_no_new_privs();

}  // namespace gradebox::sandbox::privileges
