// Removing a directory tree that untrusted code wrote (a session's scratch dir) without ever
// following a link out of it: every step is openat/unlinkat through directory fds opened with
// O_NOFOLLOW, never a path walked again from the top, so a symlink or a renamed directory in the
// tree cannot steer the removal elsewhere. Depth costs no stack or fds beyond a fixed bound:
// directories deeper than that are first moved up to the tree's top (renameat between the
// tree's own fds) and removed in a later pass.
#pragma once

#include <string>

namespace gradebox::sandbox {

// Removes `name` in the directory `parent_fd` with everything below it. A symlink or other
// non-directory named `name` is unlinked itself. Returns "" on success (also when `name` does
// not exist), else what failed, naming the entry and errno's text.
std::string remove_tree_at(int parent_fd, const std::string& name);

}  // namespace gradebox::sandbox
