// The seccomp filter (libseccomp): installed by the child as the very last step before exec (or
// before running untrusted code in a fork-without-exec child), after no_new_privs is set.
//
// Calls an ordinary program may try fail with an errno so Python raises a clean exception:
//   socket/socketpair with a non-AF_UNIX family (EAFNOSUPPORT, unless network is allowed),
//   socket/socketpair AF_UNIX SOCK_SEQPACKET, the zygote services' kind (EACCES),
//   ptrace, process_vm_readv/writev, bpf, userfaultfd, keyctl/add_key/request_key,
//   mount/umount2/pivot_root/unshare/setns/chroot, fsopen & co (EPERM), perf_event_open (EACCES),
//   clone with namespace flags (EPERM), clone3 (ENOSYS: libc falls back to clone, whose flags
//   the filter can inspect), io_uring_* (ENOSYS), personality with
//   ADDR_NO_RANDOMIZE/READ_IMPLIES_EXEC/..., ioctl TIOCSTI/TIOCLINUX (EPERM),
//   acct/swapon/swapoff/settimeofday/... (EPERM).
// Every way to send SIGSYS or SIGXCPU is refused (EPERM): kill/tkill/tgkill/rt_*sigqueueinfo/
//   pidfd_send_signal with either, clone with either as exit signal, PR_SET_PDEATHSIG and
//   F_SETSIG with either, timer_create/mq_notify (their signal number is in memory the filter
//   cannot read), and setting RLIMIT_CPU or RLIMIT_RTTIME. So a death by SIGSYS is the filter's
//   own kill and one by SIGXCPU the run's CPU limit, never the program's word.
// Dangerous calls kill the process (SIGSYS, verdict policy_violation): kexec_load,
// kexec_file_load, init_module, finit_module, delete_module, reboot, and any syscall made
// through a non-native architecture (e.g. int 0x80 i386 or x32 on x86_64).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sandbox/policy.hpp"
#include "sandbox/seccomp_rules.hpp"

namespace gradebox::sandbox::seccomp {

// Loads the filter for policy.network (compiled at build time, see seccomp_rules.hpp) into the
// calling thread group (TSYNC): one seccomp(2) call. Requires no_new_privs (set by the caller) or
// CAP_SYS_ADMIN. Throws std::runtime_error with the step that failed.
std::vector<std::string> apply_in_child(const Policy& policy);

// The program apply_in_child loads (for the test against compile_with_libseccomp).
Program embedded_program(bool network);

// Name of a native syscall number, for policy_violation details.
std::optional<std::string> syscall_name(int number);

}  // namespace gradebox::sandbox::seccomp
