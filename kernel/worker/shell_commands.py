# Shell commands of a session: `!cmd`, `x = !cmd`, `!!cmd`, %sx, %system, %pip.
#
# IPython runs `!cmd` under pexpect, in a pseudo-terminal; a session has no pty device (the
# sandbox exposes none), so here they run through pipes instead, as IPython's own fallback and
# ipykernel's output do: /bin/sh -c with the session's fd 1/2, which the worker captures into
# stream output (kernel/worker/stream_coalescer.hpp). The command is a child of the session, so it
# stays inside everything the session is confined by (Landlock view, seccomp, cgroup, rlimits).
# %%bash and %%sh need nothing here: IPython's script magics already use pipes.
import os
import shlex
import signal
import subprocess
import sys

import _gradebox

SHELL = "/bin/sh"
# After an interrupt, how long a command may take to end on SIGINT before it is killed
# (IPython's terminate_timeout).
TERMINATE_SECONDS = 0.2

PIP_NEEDS_NETWORK = ("install", "download", "wheel", "index", "search")
PIP_UNAVAILABLE = (
    "%pip {0} is not available in gradebox: the kernel's sandbox has no network and the "
    "installed packages are read-only. Ask your instructor to add the package to the course's "
    "image; `%pip list` shows what is installed.")


def _stop(process):
    """Ends the command's whole process group: SIGINT first, as ^C in a terminal would."""
    for sig, grace in ((signal.SIGINT, TERMINATE_SECONDS), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(grace)
            break
        except subprocess.TimeoutExpired:
            continue
    process.wait()
    try:
        os.killpg(process.pid, signal.SIGKILL)  # what the shell left running in its group
    except ProcessLookupError:
        pass


def _exit_code(status):
    """IPython's convention: the exit status, or minus the signal that ended the command."""
    if status < 0:
        return status
    return -(status - 128) if status > 128 else status


def system(cmd):
    """`!cmd`: output streamed as it is written; returns the exit code. An interrupt ends the
    command and the cell goes on, as in ipykernel."""
    _gradebox.flush_streams()
    # Its own process group, so an interrupt reaches every process the command started.
    process = subprocess.Popen([SHELL, "-c", cmd], stdin=subprocess.DEVNULL, process_group=0)
    try:
        status = process.wait()
    except KeyboardInterrupt:
        _stop(process)
        print("^C", file=sys.stderr)
        status = process.returncode
    _gradebox.flush_streams()
    return _exit_code(status)


def getoutput(cmd):
    """`x = !cmd`, %sx: stdout and stderr together, as the terminal shows them."""
    process = subprocess.Popen([SHELL, "-c", cmd], stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               process_group=0)
    try:
        output, _ = process.communicate()
    except KeyboardInterrupt:
        _stop(process)
        raise
    return output.decode("utf-8", "replace")


def pip(line):
    """%pip: commands that read what is installed run; those that download are refused at once
    (pip would otherwise retry a network it cannot reach)."""
    from IPython.core.error import UsageError

    words = shlex.split(line)
    subcommand = next((w for w in words if not w.startswith("-")), "")
    if subcommand in PIP_NEEDS_NETWORK:
        raise UsageError(PIP_UNAVAILABLE.format(subcommand))
    return system(" ".join([shlex.quote(sys.executable), "-m", "pip", line]))


def install(shell_class):
    """Gives the IPython shell class these commands in place of its pexpect-based ones."""
    from IPython.core.magic import Magics, line_magic, magics_class
    from IPython.utils.text import LSString, SList

    def system_piped(self, cmd):
        if cmd.rstrip().endswith("&"):
            raise OSError("Background processes not supported.")
        self.user_ns["_exit_code"] = system(self.var_expand(cmd, depth=1))

    def shell_getoutput(self, cmd, split=True, depth=0):
        if cmd.rstrip().endswith("&"):
            raise OSError("Background processes not supported.")
        out = getoutput(self.var_expand(cmd, depth=depth + 1))
        return SList(out.splitlines()) if split else LSString(out)

    shell_class.system_piped = system_piped
    shell_class.system = system_piped
    shell_class.getoutput = shell_getoutput

    @magics_class
    class PackageMagics(Magics):
        @line_magic("pip")
        def pip_magic(self, line):
            """Run pip within the kernel (read-only: install and download are refused)."""
            self.shell.user_ns["_exit_code"] = pip(line)

    return PackageMagics
