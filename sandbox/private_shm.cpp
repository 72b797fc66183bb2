// The private /dev/shm (private_shm.hpp).
#include "sandbox/private_shm.hpp"

#include <sys/mount.h>

#include <algorithm>

namespace gradebox::sandbox::private_shm {

namespace {

// Semaphores and segments are one file each; a few hundred are plenty for a course.
constexpr int max_inodes = 1024;

// A path the run needs that lies in /dev/shm: the mount would hide it.
bool hides_a_needed_path(const Policy& policy) {
  auto beneath = [](const std::filesystem::path& path) {
    const auto relative = path.lexically_normal().lexically_relative(mount_point);
    return !path.empty() && !relative.empty() && *relative.begin() != "..";
  };
  return beneath(policy.writable_dir) || beneath(policy.working_dir) ||
         std::any_of(policy.readable_paths.begin(), policy.readable_paths.end(), beneath);
}

}  // namespace

std::vector<std::string> apply_in_child(const Policy& policy, bool own_mount_namespace) {
  std::error_code error;
  if (!own_mount_namespace || hides_a_needed_path(policy) ||
      !std::filesystem::is_directory(mount_point, error))
    return {};
  const std::uint64_t size = std::max<std::uint64_t>(policy.limits.memory_bytes, 1 << 20);
  const std::string options =
      "size=" + std::to_string(size) + ",nr_inodes=" + std::to_string(max_inodes) + ",mode=1777";
  if (::mount("gradebox-shm", mount_point.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
              options.c_str()) != 0)
    return {};
  return {"shm:tmpfs"};
}

}  // namespace gradebox::sandbox::private_shm
