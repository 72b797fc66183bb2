# Issue #14 item 17: a death by SIGSYS reads as the seccomp filter's kill (policy_violation), one
# by SIGXCPU as the CPU limit (cpu_limit). Every way to send either, or to lower RLIMIT_CPU so the
# kernel sends SIGXCPU early, must be refused: the program survives them all.
import ctypes, fcntl, os, resource, signal, threading

F_SETSIG = 10
PR_SET_PDEATHSIG = 1
libc = ctypes.CDLL(None, use_errno=True)


def checked(result, name):
    if result != 0:
        raise OSError(ctypes.get_errno(), name)


def attempts(sig):
    return {
        "kill self": lambda: os.kill(os.getpid(), sig),
        "kill parent": lambda: os.kill(os.getppid(), sig),
        "kill group": lambda: os.killpg(0, sig),
        "raise": lambda: signal.raise_signal(sig),
        "pthread_kill": lambda: signal.pthread_kill(threading.main_thread().ident, sig),
        "pidfd_send_signal": lambda: signal.pidfd_send_signal(os.pidfd_open(os.getpid()), sig),
        "F_SETSIG": lambda: fcntl.fcntl(1, F_SETSIG, int(sig)),
        "PR_SET_PDEATHSIG": lambda: checked(libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0), "prctl"),
    }


others = {
    # Its struct sigevent may name any signal where the filter cannot look: refused whole.
    "timer_create": lambda: checked(
        libc.timer_create(0, None, ctypes.byref(ctypes.c_void_p())), "timer_create"),
    "RLIMIT_CPU": lambda: resource.setrlimit(resource.RLIMIT_CPU,
                                             (1, resource.getrlimit(resource.RLIMIT_CPU)[1])),
    "prlimit RLIMIT_CPU": lambda: resource.prlimit(0, resource.RLIMIT_CPU, (1, 1)),
}
sent = []
for sig in (signal.SIGSYS, signal.SIGXCPU):
    for name, attempt in attempts(sig).items():
        try:
            attempt()
            sent.append(f"{name} {sig.name}")
        except (OSError, ValueError):
            pass
for name, attempt in others.items():
    try:
        attempt()
        sent.append(name)
    except (OSError, ValueError):
        pass
print("sent:", sent if sent else "none, all denied")
