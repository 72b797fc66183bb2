// Loading the seccomp filter: the BPF programs compiled at build time from seccomp_rules.cpp.
#include "sandbox/seccomp.hpp"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace gradebox::sandbox::seccomp {

namespace {

// kNetworkDenied and kNetworkAllowed, written by gradebox-seccomp-gen.
#include "sandbox/seccomp_programs.inc"

const sock_filter* program_for(bool network, unsigned short& length) {
  if (network) {
    length = sizeof kNetworkAllowed / sizeof kNetworkAllowed[0];
    return kNetworkAllowed;
  }
  length = sizeof kNetworkDenied / sizeof kNetworkDenied[0];
  return kNetworkDenied;
}

}  // namespace

Program embedded_program(bool network) {
  unsigned short length = 0;
  const sock_filter* program = program_for(network, length);
  return Program(program, program + length);
}

std::vector<std::string> apply_in_child(const Policy& policy) {
  sock_fprog prog{};
  prog.filter = const_cast<sock_filter*>(program_for(policy.network, prog.len));
  // TSYNC: threads started before this point (none in a fresh child) get the filter too.
  const long rc = ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog);
  if (rc != 0)
    throw std::runtime_error(rc > 0 ? "seccomp: loading the filter: thread " + std::to_string(rc) +
                                          " could not be synchronised"
                                    : std::string("seccomp: loading the filter: ") +
                                          std::strerror(errno));
  return {"seccomp"};
}

std::optional<std::string> syscall_name(int number) {
  char* name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, number);
  if (!name) return std::nullopt;
  std::string result(name);
  std::free(name);
  return result;
}

}  // namespace gradebox::sandbox::seccomp
