// Network namespaces kept in a file, for runs to join instead of creating one each (creating one
// costs a loopback device and sysctl tables, ~15% of a run's CPU, plus an asynchronous teardown).
//
//   open(path)            a file naming a network namespace (`ip netns add NAME` makes
//                         /run/netns/NAME); refused when it is none or this process's own
//   open_or_create(path)  the same, and when the file does not exist yet and we are root: a new
//                         empty namespace bind-mounted there (what `ip netns add` does), kept for
//                         every later run. gradebox-run uses kDefaultPath this way.
//
// Why runs may share one empty network namespace, concurrently or one after another: it has only
// a loopback device, down; it belongs to the initial user namespace, so a run (in a user
// namespace of its own, without capabilities there) can change nothing in it: no interface,
// address, route, sysctl or firewall rule, so no state passes from one run to a later one;
// seccomp refuses every socket family but AF_UNIX and Landlock every TCP bind/connect. What runs
// in one network namespace do share is the abstract AF_UNIX socket namespace, which Landlock
// ABI >= 6 scopes to each run's own domain; Confinement::share_network_namespace declines the
// shared namespace below that ABI, so there every run still gets its own.
#pragma once

#include <filesystem>
#include <optional>
#include <utility>

#include "sandbox/unique_fd.hpp"

namespace gradebox::sandbox {

class NetworkNamespaceFile {
 public:
  static constexpr const char* kDefaultPath = "/run/gradebox/netns";

  // Throws std::invalid_argument naming the path and what is wrong with it.
  static NetworkNamespaceFile open(const std::filesystem::path& path);
  // nullopt when the namespace cannot be had (not root, no such file and no right to make it, a
  // creation racing ours not finished yet): the caller then creates one per run as before. Its
  // directory must belong to root and be writable by root only.
  static std::optional<NetworkNamespaceFile> open_or_create(const std::filesystem::path& path);

  int fd() const { return fd_.get(); }

 private:
  explicit NetworkNamespaceFile(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace gradebox::sandbox
