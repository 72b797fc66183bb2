// Directories opened and files written through directory fds, never following a link below the
// directory the caller trusts: a symlink planted in a course tree (by a student, or by code a
// student ran) is refused, not followed.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "kernel/protocol/unique_fd.hpp"

namespace gradebox::pipeline {

using protocol::UniqueFd;

// Throws std::filesystem::filesystem_error(what, path, errno `error`).
[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path, int error);

// Opens a directory the caller trusts (the course root as the instructor gave it, links
// followed). Throws std::filesystem::filesystem_error.
UniqueFd open_directory(const std::filesystem::path& dir);

// Opens one entry `name` of `dir` with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
// RESOLVE_NO_MAGICLINKS), or openat(O_NOFOLLOW) where openat2 is missing (ENOSYS). Returns an
// empty fd with errno set on failure (ELOOP for a link).
UniqueFd open_entry(int dir, const char* name, int flags);

// Opens every component of `relative` below `base` as a directory without following links,
// creating missing ones with `mode` when `create`. Throws std::filesystem::filesystem_error
// naming `shown` / the component (a planted link: "Too many levels of symbolic links").
UniqueFd open_directory_beneath(int base, const std::filesystem::path& relative, bool create,
                                const std::filesystem::path& shown, mode_t mode = 0755);

// Creates the new file `relative` below `dir` (parent directories 0755 as needed, no link
// followed, an existing entry is an error) holding `bytes`, with exactly `mode`; fsynced when
// `durable` (what a signed record describes; not a session's throw-away copies).
void write_file_beneath(int dir, const std::filesystem::path& relative, std::string_view bytes,
                        mode_t mode, const std::filesystem::path& shown, bool durable = true);

// Removes the entry `name` of `dir` and, for a directory, everything beneath it, through fds:
// links are removed, never followed; directories their owner made unreadable are opened up
// first. Best effort (what cannot be removed stays); meant for trees no process writes any more.
void remove_tree_beneath(int dir, const std::string& name);

}  // namespace gradebox::pipeline
