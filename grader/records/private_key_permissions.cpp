// Owns the permission rule for private key files (private_key_permissions.hpp).
#include "grader/records/private_key_permissions.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace gradebox::records {
namespace {

std::string octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", unsigned(mode & 07777));
  return text;
}

}  // namespace

std::optional<std::string> private_key_permission_problem(const KeyFileAccess& access,
                                                          const std::filesystem::path& path) {
  const std::string mode = "refusing private key " + path.string() + ": mode " + octal(access.mode);
  const std::string hint = " (hint: chmod 600 " + path.string() +
                           ", or mount it from a Secret with defaultMode 0400 or 0440)";
  if (access.mode & 007) return mode + " lets others use it" + hint;
  if (access.owner == access.caller) {
    if (access.mode & 070) return mode + " lets group members read it" + hint;
    return std::nullopt;
  }
  if (access.mode & 030) return mode + " lets group members write it" + hint;
  if (access.caller_can_write)
    return mode + ", owned by uid " + std::to_string(access.owner) +
           ", is writable by this process (uid " + std::to_string(access.caller) +
           "): a shared key must be read-only here (hint: mount it read-only, or chmod 600 and "
           "chown it to uid " +
           std::to_string(access.caller) + ")";
  return std::nullopt;
}

KeyFileAccess key_file_access(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    throw std::runtime_error("cannot stat private key " + path.string() + ": " +
                             std::strerror(errno) + " (hint: create one with `gradebox keygen`)");
  // AT_EACCESS: the effective ids decide, as they do for the open that follows.
  const bool writable = ::faccessat(AT_FDCWD, path.c_str(), W_OK, AT_EACCESS) == 0;
  return {info.st_mode, info.st_uid, ::geteuid(), writable};
}

}  // namespace gradebox::records
