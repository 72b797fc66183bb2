// The exchange's folders opened through fds, never following a link: the exchange is writable by
// every student, so any name in it may have been planted. The instructor's folders are created
// with nbgrader's modes (exchange_layout.hpp) and must be the instructor's own; a folder someone
// else created first is refused, as nbgrader's "You don't own the directory".
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "grader/exchange/exchange_report.hpp"
#include "sandbox/directory_fd.hpp"

namespace gradebox::exchange {

using sandbox::UniqueFd;

// The instructor's side: creates the root (01777) when missing, or sets that mode (with a
// warning) when it differs, as nbgrader's release does. Throws std::filesystem::filesystem_error.
UniqueFd ensure_exchange_root(const std::filesystem::path& root, ExchangeReport& report);

// <parent>/<name> as a folder of this user with exactly `mode`: created when missing; refused
// (filesystem_error, EPERM) when it is a link or someone else's.
UniqueFd ensure_owned_directory(int parent, const std::string& name, mode_t mode,
                                const std::filesystem::path& shown, ExchangeReport& report);

// Opens <root>/<below> for reading, no component of `below` followed if it is a link.
UniqueFd open_exchange_directory(const std::filesystem::path& root,
                                 const std::filesystem::path& below);

// Opens <root>/<below> as an O_PATH fd, enough to open entries by name in a folder this user may
// search but not list (inbound/ for students, feedback/).
UniqueFd open_exchange_path(const std::filesystem::path& root, const std::filesystem::path& below);

// The bytes of the regular file <dir>/<name> (not followed if a link, non-blocking open so a
// FIFO is never read, at most `max_bytes`). nullopt when it does not exist; otherwise a problem
// (link, not a regular file, too large, unreadable) throws std::runtime_error naming `shown`.
std::optional<std::string> read_shared_file(int dir, const std::string& name,
                                            std::uint64_t max_bytes,
                                            const std::filesystem::path& shown);

// Whether <dir>/<name> exists (as anything, a link included).
bool entry_exists(int dir, const std::string& name);

}  // namespace gradebox::exchange
