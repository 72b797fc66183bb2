// The filter's rules, written with libseccomp (default action: allow; the deny list is described
// in docs/security.md, "The seccomp filter"), and their compilation to BPF. Used at build time
// (gradebox-seccomp-gen embeds the result in the library) and by the test that checks the embedded
// programs against it.
#include "sandbox/seccomp_rules.hpp"

#include <fcntl.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace gradebox::sandbox::seccomp {

namespace {

struct FilterDeleter {
  void operator()(scmp_filter_ctx ctx) const { seccomp_release(ctx); }
};
using Filter = std::unique_ptr<void, FilterDeleter>;

void check(int rc, const std::string& what) {
  if (rc < 0) throw std::runtime_error("seccomp: " + what + ": " + std::strerror(-rc));
}

// Names unknown to this libseccomp/arch (resolve to __NR_SCMP_ERROR) are skipped: they cannot
// be called on this machine anyway.
void add_rule(scmp_filter_ctx ctx, uint32_t action, const char* name, unsigned arg_count = 0,
              const scmp_arg_cmp* args = nullptr) {
  const int nr = seccomp_syscall_resolve_name(name);
  if (nr == __NR_SCMP_ERROR) return;
  check(seccomp_rule_add_array(ctx, action, nr, arg_count, args), std::string("rule for ") + name);
}

void deny_errno(scmp_filter_ctx ctx, int error, std::initializer_list<const char*> names) {
  for (const char* name : names) add_rule(ctx, SCMP_ACT_ERRNO(error), name);
}

void kill_process(scmp_filter_ctx ctx, std::initializer_list<const char*> names) {
  for (const char* name : names) add_rule(ctx, SCMP_ACT_KILL_PROCESS, name);
}

void deny_foreign_sockets(scmp_filter_ctx ctx) {
  // socket(domain != AF_UNIX) and socketpair(domain != AF_UNIX).
  const scmp_arg_cmp not_unix[] = {SCMP_A0(SCMP_CMP_NE, AF_UNIX)};
  add_rule(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), "socket", 1, not_unix);
  add_rule(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), "socketpair", 1, not_unix);
}

// The zygote services listen on AF_UNIX SOCK_SEQPACKET sockets (kernel/worker/zygote_service.hpp)
// that a session of an unprivileged kernel, which keeps the kernel's uid, could otherwise open;
// nothing in a session needs that kind (it talks to the trusted side over fds it inherited;
// multiprocessing uses SOCK_STREAM). Only the low 32 bits count, as the kernel reads ints; the
// type is compared without SOCK_CLOEXEC and SOCK_NONBLOCK.
void deny_seqpacket_sockets(scmp_filter_ctx ctx) {
  constexpr scmp_datum_t int_bits = 0xffffffffu;
  constexpr scmp_datum_t type_bits = int_bits & ~scmp_datum_t(SOCK_CLOEXEC | SOCK_NONBLOCK);
  const scmp_arg_cmp unix_seqpacket[] = {SCMP_A0(SCMP_CMP_MASKED_EQ, int_bits, AF_UNIX),
                                         SCMP_A1(SCMP_CMP_MASKED_EQ, type_bits, SOCK_SEQPACKET)};
  add_rule(ctx, SCMP_ACT_ERRNO(EACCES), "socket", 2, unix_seqpacket);
  add_rule(ctx, SCMP_ACT_ERRNO(EACCES), "socketpair", 2, unix_seqpacket);
}

void deny_namespace_clones(scmp_filter_ctx ctx) {
  // Rules on one syscall are OR-ed: one rule per flag denies a clone with any of them set.
  for (uint64_t flag : {uint64_t(CLONE_NEWNS), uint64_t(CLONE_NEWCGROUP), uint64_t(CLONE_NEWUTS),
                        uint64_t(CLONE_NEWIPC), uint64_t(CLONE_NEWUSER), uint64_t(CLONE_NEWPID),
                        uint64_t(CLONE_NEWNET), uint64_t(CLONE_NEWTIME)}) {
    const scmp_arg_cmp has_flag[] = {SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)};
    add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "clone", 1, has_flag);
  }
  // clone3 passes flags in memory the filter cannot read; ENOSYS makes libc fall back to clone.
  add_rule(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3");
}

void deny_terminal_injection(scmp_filter_ctx ctx) {
  for (unsigned long request : {TIOCSTI, TIOCLINUX}) {
    const scmp_arg_cmp is_request[] = {SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, request)};
    add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "ioctl", 1, is_request);
  }
}

void restrict_personality(scmp_filter_ctx ctx) {
  // Flags that weaken exploit mitigations; the query value 0xffffffff has them set too and is
  // refused as well, which only setarch-style tools notice.
  for (uint64_t flag : {uint64_t(ADDR_NO_RANDOMIZE), uint64_t(READ_IMPLIES_EXEC),
                        uint64_t(MMAP_PAGE_ZERO), uint64_t(ADDR_COMPAT_LAYOUT)}) {
    const scmp_arg_cmp has_flag[] = {SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)};
    add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "personality", 1, has_flag);
  }
}

// SIGSYS must mean "the filter killed it" (policy_violation) and SIGXCPU "RLIMIT_CPU ran out"
// (cpu_limit), decided from the wait status alone: every way a program can send either to itself
// or another process of its run is refused, and so is changing RLIMIT_CPU (a lowered soft limit
// would have the kernel send SIGXCPU early) or RLIMIT_RTTIME (which sends SIGXCPU too). Signals
// whose number the filter cannot see (timer_create, mq_notify: it sits in a struct sigevent in
// memory) are refused whole; setitimer and alarm cover what a program in the sandbox needs.
void deny_forged_kernel_signals(scmp_filter_ctx ctx) {
  for (const int signal : {SIGSYS, SIGXCPU}) {
    const auto deny_with_signal_at = [&](const char* name, unsigned arg) {
      const scmp_arg_cmp is_signal[] = {{arg, SCMP_CMP_EQ, static_cast<scmp_datum_t>(signal), 0}};
      add_rule(ctx, SCMP_ACT_ERRNO(EPERM), name, 1, is_signal);
    };
    deny_with_signal_at("kill", 1);
    deny_with_signal_at("tkill", 1);
    deny_with_signal_at("tgkill", 2);
    deny_with_signal_at("rt_sigqueueinfo", 1);
    deny_with_signal_at("rt_tgsigqueueinfo", 2);
    deny_with_signal_at("pidfd_send_signal", 1);
    const scmp_arg_cmp on_exit[] = {
        SCMP_A0(SCMP_CMP_MASKED_EQ, CSIGNAL, static_cast<scmp_datum_t>(signal))};
    add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "clone", 1, on_exit);
    const scmp_arg_cmp on_parent_death[] = {
        SCMP_A0(SCMP_CMP_EQ, PR_SET_PDEATHSIG),
        SCMP_A1(SCMP_CMP_EQ, static_cast<scmp_datum_t>(signal))};
    add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "prctl", 2, on_parent_death);
    const scmp_arg_cmp on_io[] = {SCMP_A1(SCMP_CMP_EQ, F_SETSIG),
                                  SCMP_A2(SCMP_CMP_EQ, static_cast<scmp_datum_t>(signal))};
    add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "fcntl", 2, on_io);
  }
  deny_errno(ctx, EPERM, {"timer_create", "mq_notify"});
  for (const scmp_datum_t resource : {scmp_datum_t(RLIMIT_CPU), scmp_datum_t(RLIMIT_RTTIME)}) {
    const scmp_arg_cmp sets_it[] = {SCMP_A0(SCMP_CMP_EQ, resource)};
    add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "setrlimit", 1, sets_it);
    const scmp_arg_cmp prlimit_sets_it[] = {SCMP_A1(SCMP_CMP_EQ, resource),
                                            SCMP_A2(SCMP_CMP_NE, 0)};
    add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "prlimit64", 2, prlimit_sets_it);
  }
}

Filter build_filter(bool network) {
  Filter filter(seccomp_init(SCMP_ACT_ALLOW));
  if (!filter) throw std::runtime_error("seccomp: seccomp_init failed (out of memory?)");
  scmp_filter_ctx ctx = filter.get();
  // Every foreign architecture (i386 via int 0x80, x32) kills: only the native one is added.
  check(seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS), "badarch action");
  // A binary tree over the syscall numbers instead of a list: attaching the filter, the kernel
  // runs it for every syscall number to find the always-allowed ones (its action cache), with
  // interrupts off; that walk was ~30,000 instructions for the list and is ~8,000 for the tree,
  // which halves the seccomp() call (212 -> 104 us here). Calls the cache does not cover get
  // the shorter path too.
  check(seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2), "binary-tree optimization");

  deny_errno(ctx, EPERM,
             {"ptrace",
              "process_vm_readv",
              "process_vm_writev",
              "bpf",
              "userfaultfd",
              "keyctl",
              "add_key",
              "request_key",
              "mount",
              "umount",
              "umount2",
              "pivot_root",
              "unshare",
              "setns",
              "chroot",
              "fsopen",
              "fsconfig",
              "fsmount",
              "fspick",
              "move_mount",
              "open_tree",
              "mount_setattr",
              "acct",
              "swapon",
              "swapoff",
              "settimeofday",
              "clock_settime",
              "clock_adjtime",
              "adjtimex",
              "sethostname",
              "setdomainname",
              "iopl",
              "ioperm",
              "quotactl",
              "lookup_dcookie",
              "name_to_handle_at",
              "open_by_handle_at",
              "fanotify_init",
              "vhangup",
              "syslog",
              "nfsservctl",
              "kcmp",
              "process_madvise",
              "pidfd_getfd"});
  add_rule(ctx, SCMP_ACT_ERRNO(EACCES), "perf_event_open");
  deny_errno(ctx, ENOSYS, {"io_uring_setup", "io_uring_enter", "io_uring_register"});
  kill_process(ctx, {"kexec_load", "kexec_file_load", "init_module", "finit_module",
                     "delete_module", "reboot"});
  if (!network) deny_foreign_sockets(ctx);
  deny_seqpacket_sockets(ctx);
  deny_namespace_clones(ctx);
  deny_terminal_injection(ctx);
  restrict_personality(ctx);
  deny_forged_kernel_signals(ctx);
  return filter;
}

}  // namespace

// libseccomp 2.5 exports BPF only to a file descriptor; a memfd keeps it in memory.
Program compile_with_libseccomp(bool network) {
  const Filter filter = build_filter(network);
  const int fd = ::memfd_create("gradebox-seccomp-bpf", MFD_CLOEXEC);
  if (fd < 0)
    throw std::runtime_error(std::string("seccomp: memfd_create: ") + std::strerror(errno));
  std::string bytes;
  const int rc = seccomp_export_bpf(filter.get(), fd);
  if (rc == 0 && ::lseek(fd, 0, SEEK_SET) == 0) {
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) bytes.append(buffer, n);
  }
  ::close(fd);
  check(rc, "exporting the filter");
  if (bytes.empty() || bytes.size() % sizeof(sock_filter) != 0)
    throw std::runtime_error("seccomp: the exported filter is empty or truncated");
  Program program(bytes.size() / sizeof(sock_filter));
  std::memcpy(program.data(), bytes.data(), bytes.size());
  return program;
}

}  // namespace gradebox::sandbox::seccomp
