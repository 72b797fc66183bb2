// deny-syscalls: runs a program under a seccomp filter that makes some system calls fail, as a
// container runtime's default profile does, so tests can see what gradebox does on such a host.
//   deny-syscalls SPEC[,SPEC...] -- PROGRAM [ARGS...]
// SPEC: a system call name (fails with EPERM), or unshare:FLAG / clone:FLAG to deny only calls
// asking for that namespace (FLAG: newuts, newuser, newpid, newnet, newns, newipc).
// Installed before exec and inherited by every descendant, so it covers the probe's children and
// the sandbox's sessions too. Needs root or no_new_privs (it sets no_new_privs when not root).
#include <sched.h>
#include <seccomp.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <sstream>
#include <string>

namespace {

const std::map<std::string, unsigned long> kNamespaceFlags = {
    {"newuts", CLONE_NEWUTS}, {"newuser", CLONE_NEWUSER}, {"newpid", CLONE_NEWPID},
    {"newnet", CLONE_NEWNET}, {"newns", CLONE_NEWNS},     {"newipc", CLONE_NEWIPC}};

bool add_rule(scmp_filter_ctx filter, const std::string& spec) {
  const auto colon = spec.find(':');
  const std::string name = spec.substr(0, colon);
  const int number = seccomp_syscall_resolve_name(name.c_str());
  if (number == __NR_SCMP_ERROR) return false;
  if (colon == std::string::npos)
    return seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), number, 0) == 0;
  const auto flag = kNamespaceFlags.find(spec.substr(colon + 1));
  if (flag == kNamespaceFlags.end()) return false;
  // clone3 passes its flags in memory, out of a filter's reach: refuse it as container
  // runtimes do (ENOSYS), so callers fall back to clone, whose flags are its first argument.
  if (name == "clone") seccomp_rule_add(filter, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
  return seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), number, 1,
                          SCMP_A0(SCMP_CMP_MASKED_EQ, flag->second, flag->second)) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || std::strcmp(argv[2], "--") != 0) {
    std::fprintf(stderr, "usage: deny-syscalls SPEC[,SPEC...] -- PROGRAM [ARGS...]\n");
    return 2;
  }
  scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ALLOW);
  std::stringstream specs(argv[1]);
  for (std::string spec; std::getline(specs, spec, ',');) {
    if (!add_rule(filter, spec)) {
      std::fprintf(stderr, "deny-syscalls: cannot deny \"%s\"\n", spec.c_str());
      return 2;
    }
  }
  if (::geteuid() != 0) ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  if (seccomp_load(filter) != 0) {
    std::fprintf(stderr, "deny-syscalls: seccomp_load failed\n");
    return 2;
  }
  seccomp_release(filter);
  ::execvp(argv[3], argv + 3);
  std::fprintf(stderr, "deny-syscalls: exec %s: %s\n", argv[3], std::strerror(errno));
  return 127;
}
