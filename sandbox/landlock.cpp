// Landlock ruleset construction via raw syscalls (ABI 1..7).
#include "sandbox/landlock.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

#include "sandbox/private_shm.hpp"
#include "sandbox/system_paths.hpp"
#include "sandbox/unique_fd.hpp"

namespace gradebox::sandbox::landlock {

namespace {

// uapi/linux/landlock.h, as of ABI 7.
struct RulesetAttr {
  std::uint64_t handled_access_fs;
  std::uint64_t handled_access_net;
  std::uint64_t scoped;
};
struct __attribute__((packed)) PathBeneathAttr {
  std::uint64_t allowed_access;
  std::int32_t parent_fd;
};
constexpr unsigned kCreateRulesetVersion = 1u << 0;
constexpr int kRulePathBeneath = 1;

constexpr std::uint64_t kFsExecute = 1ull << 0, kFsWriteFile = 1ull << 1, kFsReadFile = 1ull << 2,
                        kFsReadDir = 1ull << 3, kFsRefer = 1ull << 13, kFsTruncate = 1ull << 14,
                        kFsIoctlDev = 1ull << 15;
constexpr std::uint64_t kNetBindTcp = 1ull << 0, kNetConnectTcp = 1ull << 1;
constexpr std::uint64_t kScopeAbstractUnixSocket = 1ull << 0, kScopeSignal = 1ull << 1;

std::uint64_t handled_fs(int abi) {
  std::uint64_t rights = (1ull << 13) - 1;  // ABI 1: EXECUTE .. MAKE_SYM
  if (abi >= 2) rights |= kFsRefer;
  if (abi >= 3) rights |= kFsTruncate;
  if (abi >= 5) rights |= kFsIoctlDev;
  return rights;
}

void allow(int ruleset, const std::filesystem::path& path, std::uint64_t dir_rights,
           std::uint64_t handled) {
  UniqueFd fd(::open(path.c_str(), O_PATH | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return;
    throw std::system_error(errno, std::generic_category(), "landlock: open " + path.string());
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    throw std::system_error(errno, std::generic_category(), "landlock: stat " + path.string());
  // Directory-only rights on a file are EINVAL; keep the ones that apply to files.
  constexpr std::uint64_t file_rights =
      kFsExecute | kFsWriteFile | kFsReadFile | kFsTruncate | kFsIoctlDev;
  std::uint64_t rights = dir_rights & handled;
  if (!S_ISDIR(st.st_mode)) rights &= file_rights;
  PathBeneathAttr attr{rights, fd.get()};
  if (::syscall(SYS_landlock_add_rule, ruleset, kRulePathBeneath, &attr, 0) != 0)
    throw std::system_error(errno, std::generic_category(), "landlock: rule for " + path.string());
}

}  // namespace

int abi_version() {
  const long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, kCreateRulesetVersion);
  return abi < 0 ? 0 : static_cast<int>(abi);
}

std::vector<std::string> apply_in_child(const Policy& policy, bool private_shm_mounted) {
  const int abi = abi_version();
  if (abi <= 0) return {};
  RulesetAttr attr{handled_fs(abi), 0, 0};
  if (abi >= 4 && !policy.network) attr.handled_access_net = kNetBindTcp | kNetConnectTcp;
  if (scopes_sockets_and_signals(abi)) attr.scoped = kScopeAbstractUnixSocket | kScopeSignal;
  // The struct grew with the ABI: pass only the size this kernel knows.
  const std::size_t size = abi >= 6 ? sizeof(RulesetAttr) : abi >= 4 ? 16 : 8;
  UniqueFd ruleset(static_cast<int>(::syscall(SYS_landlock_create_ruleset, &attr, size, 0)));
  if (ruleset.get() < 0)
    throw std::system_error(errno, std::generic_category(), "landlock: create ruleset");

  const std::uint64_t read_rights = kFsExecute | kFsReadFile | kFsReadDir;
  for (const auto& path : system_readable_paths())
    allow(ruleset.get(), path, read_rights, attr.handled_access_fs);
  for (const auto& path : policy.readable_paths)
    allow(ruleset.get(), path, read_rights, attr.handled_access_fs);
  for (const char* device : {"/dev/null", "/dev/zero"})
    allow(ruleset.get(), device, read_rights | kFsWriteFile | kFsTruncate | kFsIoctlDev,
          attr.handled_access_fs);
  if (!policy.writable_dir.empty())
    allow(ruleset.get(), policy.writable_dir, ~0ull, attr.handled_access_fs);
  if (private_shm_mounted)
    allow(ruleset.get(), private_shm::mount_point, ~0ull, attr.handled_access_fs);

  if (::syscall(SYS_landlock_restrict_self, ruleset.get(), 0) != 0)
    throw std::system_error(errno, std::generic_category(), "landlock: restrict self");
  return {"landlock:" + std::to_string(abi)};
}

}  // namespace gradebox::sandbox::landlock
