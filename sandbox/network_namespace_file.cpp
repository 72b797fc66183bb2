// Opening, checking and (once, as root) creating a kept network namespace file.
#include "sandbox/network_namespace_file.hpp"

#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <string>

#include "sandbox/namespaces.hpp"

namespace gradebox::sandbox {

namespace fs = std::filesystem;

namespace {

// The namespace file at path, or why it is none to join (no exception: refusals are routine in
// open_or_create, and throwing costs milliseconds in a static binary).
std::optional<UniqueFd> open_network_namespace(const fs::path& path, std::string& why) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    why = path.string() + ": " + std::strerror(errno);
    return std::nullopt;
  }
  struct stat given {
  }, own{};
  if (::ioctl(fd.get(), NS_GET_NSTYPE) != CLONE_NEWNET)
    why = path.string() + ": not a network namespace";
  else if (::fstat(fd.get(), &given) == 0 && ::stat("/proc/self/ns/net", &own) == 0 &&
           given.st_ino == own.st_ino && given.st_dev == own.st_dev)
    why = path.string() + ": this is the host's own network namespace";
  if (why.empty()) return fd;
  return std::nullopt;
}

// Root's own directory: nobody else could have put a namespace of their choosing there.
bool root_only_directory(const fs::path& dir) {
  struct stat st {};
  return ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == 0 &&
         (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

// An empty network namespace bind-mounted on `path` (a new empty file). Does nothing when
// another process created the file first; removes it again when the mount is refused.
void create(const fs::path& path) {
  if (!UniqueFd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400))) return;
  const auto fresh = namespaces::EmptyNetworkNamespace::create();
  const std::string source = fresh ? "/proc/self/fd/" + std::to_string(fresh->fd()) : "";
  if (!fresh || ::mount(source.c_str(), path.c_str(), nullptr, MS_BIND, nullptr) != 0)
    ::unlink(path.c_str());
}

// The empty file of a creation that died before its mount: on its directory's filesystem (a
// mounted namespace is on nsfs) and not young enough to be one still under way.
bool stale_placeholder(const fs::path& path) {
  struct stat st {
  }, dir{};
  return ::stat(path.c_str(), &st) == 0 && ::stat(path.parent_path().c_str(), &dir) == 0 &&
         st.st_dev == dir.st_dev && S_ISREG(st.st_mode) && st.st_mtime + 10 < ::time(nullptr);
}

}  // namespace

NetworkNamespaceFile NetworkNamespaceFile::open(const fs::path& path) {
  std::string why;
  auto fd = open_network_namespace(path, why);
  if (!fd) throw std::invalid_argument(why);
  return NetworkNamespaceFile(std::move(*fd));
}

std::optional<NetworkNamespaceFile> NetworkNamespaceFile::open_or_create(const fs::path& path) {
  if (::geteuid() != 0) return std::nullopt;  // could not join a namespace of root's anyway
  const fs::path dir = path.parent_path();
  std::string why;
  if (root_only_directory(dir))
    if (auto fd = open_network_namespace(path, why)) return NetworkNamespaceFile(std::move(*fd));
  // First use (or a creation that died half-way).
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return std::nullopt;
  if (!root_only_directory(dir)) return std::nullopt;
  if (stale_placeholder(path)) ::unlink(path.c_str());
  if (::access(path.c_str(), F_OK) != 0) create(path);  // losing a race to another run is fine
  if (auto fd = open_network_namespace(path, why)) return NetworkNamespaceFile(std::move(*fd));
  return std::nullopt;  // e.g. the placeholder of a creation still under way
}

}  // namespace gradebox::sandbox
