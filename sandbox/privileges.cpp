// setres[ug]id, capset and prctl wrappers for the child side.
#include "sandbox/privileges.hpp"

#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace gradebox::sandbox::privileges {

namespace {

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

std::vector<std::string> drop_identity(uid_t uid, gid_t gid) {
  if (::geteuid() != 0) return {};
  if (::setgroups(0, nullptr) != 0) fail("setgroups([])");
  if (::setresgid(gid, gid, gid) != 0) fail("setresgid");
  if (::setresuid(uid, uid, uid) != 0) fail("setresuid");
  return {"privilege_drop:" + std::to_string(uid)};
}

void drop_capabilities() {
  // Bounding set first: dropping from it needs CAP_SETPCAP, which goes away with capset below.
  // Dropping a capability already gone succeeds. EINVAL: past the last capability this kernel
  // knows; EPERM: no CAP_SETPCAP, so none can be dropped (and the kernel checks that first).
  for (int cap = 0; cap <= 63; ++cap)
    if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) break;
  ::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (::syscall(SYS_capset, &header, data) != 0) fail("capset(0)");
}

std::vector<std::string> set_no_new_privs() {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail("prctl(PR_SET_NO_NEW_PRIVS)");
  return {"no_new_privs"};
}

}  // namespace gradebox::sandbox::privileges
