// Who may read a signing key file before gradebox will sign with it. A key the caller owns must
// be private to it (0600/0400). A key owned by another uid (a Kubernetes Secret mount: root-owned,
// defaultMode 0400 or 0440, group = the pod's fsGroup) is accepted with group read when the caller
// cannot write it: the orchestrator, not the caller, decides who shares that group. Others never
// get any bit.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

namespace gradebox::records {

struct KeyFileAccess {
  mode_t mode = 0;  // st_mode
  uid_t owner = 0;
  uid_t caller = 0;  // effective uid
  bool caller_can_write = false;
};

// Why the key must not be used ("mode 0644 lets others read it (hint: ...)"), nullopt when fine.
std::optional<std::string> private_key_permission_problem(const KeyFileAccess& access,
                                                          const std::filesystem::path& path);

// stat() (following the links a Secret mount uses) and an effective-id write check of `path`.
// Throws std::runtime_error naming the path and errno text when it cannot be stat'ed.
KeyFileAccess key_file_access(const std::filesystem::path& path);

}  // namespace gradebox::records
