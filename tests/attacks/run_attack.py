#!/usr/bin/python3
"""Generic runner for one attack on a trusted grading path (autograde, validate, feedback, export,
the kernel): tests/attacks/<case>/ holds

  attack.toml  issue_item, description, and what to run:
                 commands = [["autograde", "ps1"], ...]  gradebox commands in order, each with
                   `--course <copy>` appended unless one of its words contains {course}; the LAST
                   one is the attack (the ones before it prepare it)
                 program = "gradebox-export", args = [...]  instead of commands: one other built
                   tool, as given to the runner by --tool NAME=PATH
                 [kernel] cwd = "...", cells = ["...", ...], kill = false  instead of commands: a
                   gradebox-kernel session (--tool gradebox-kernel) started by jupyter_client in
                   the folder cwd, the cells executed in order, their outputs in the output;
                   kill: SIGKILL the kernel, then start and stop a second one (kernel_session.py);
                   frontend_messages = [{msg_type, content}, ...]: sent on the shell channel
                   before the cells, as a frontend (the student's browser) could send them
               substitutions in every word: {course}, {outside}, {exports}
               setup_release = true   run `keygen` and `release ps1` first (a list of
                                      assignments: release those instead; false: neither)
               expect_exit = [0]      allowed exit codes of the last command
               modes = ["root", "nonroot-rlimit"]
               timeout_seconds = 300  per command; a command still running then is a failure
  course/      files laid over a fresh copy of examples/course
  setup.py     optional, `setup.py <course> <outside>` after the overlay, keygen and release
               (symlinks, FIFOs, files planted outside), as root
  check.py     optional, `check.py <course> <outside> <output_file>` after the attack, exit 0 =
               the case's own outcome holds (output_file: stdout+stderr of every command)
  Both scripts see the mode in the environment variable ATTACK_MODE.

Modes: `root` runs gradebox as root at the host's best level; `nonroot-rlimit` chowns the course
(and the outside dir, standing for the instructor's home) to TEST_UID and runs gradebox as that
uid with `isolation.level = "rlimit"` in gradebox.toml.

After the attack the host is audited, whatever the case:
- the outside dir (files, a fake ~/.bashrc and ~/.ssh key; HOME of the commands), source/ and
  release/ are unchanged: content, link target, owner and mode;
- under the course nothing new or changed is owned by the sandbox uid 65534, setuid/setgid or
  world-writable, and nothing under autograded/ or feedback/ is a symlink, FIFO or device;
- no process of the run is left (the runner is a child subreaper, so escaped processes are its
  children), nothing is left in the commands' TMPDIR (session and zygote scratch dirs);
- no secret in any command's stdout/stderr, autograded/, feedback/, records/ or {exports}: the
  signing key's PEM body; and the hidden-test lines of the source notebooks, in stdout/stderr and
  feedback/ only;
- the last command's exit code is in expect_exit.
Exit status: 0 pass, 1 fail, 77 skipped (with the reason printed)."""
import argparse
import ctypes
import hashlib
import html
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import tomllib

SANDBOX_UID = 65534
TEST_UID = 4242
SKIP = 77
PR_SET_CHILD_SUBREAPER = 36


def as_test_user():
    return ["setpriv", f"--reuid={TEST_UID}", f"--regid={TEST_UID}", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--"]


def chown_tree(top, uid):
    os.lchown(top, uid, uid)
    for dirpath, dirnames, filenames in os.walk(top):
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), uid, uid)


def entry_state(path):
    """What must not change about one path: type, owner, mode, and content or link target."""
    st = os.lstat(path)
    state = (stat.S_IFMT(st.st_mode), st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode))
    if stat.S_ISLNK(st.st_mode):
        return state + (os.readlink(path),)
    if stat.S_ISREG(st.st_mode):
        with open(path, "rb") as f:
            return state + (hashlib.sha256(f.read()).hexdigest(),)
    return state


def snapshot(top):
    """relative path -> entry_state for top and everything beneath it (links not followed)."""
    if not os.path.lexists(top):
        return {}
    found = {".": entry_state(top)}
    for dirpath, dirnames, filenames in os.walk(top):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            found[os.path.relpath(path, top)] = entry_state(path)
    return found


def describe_changes(label, before, after):
    changes = []
    for path in sorted(set(before) | set(after)):
        if path not in after:
            changes.append(f"{label}/{path} was removed")
        elif path not in before:
            changes.append(f"{label}/{path} appeared ({after[path][:4]})")
        elif before[path] != after[path]:
            changes.append(f"{label}/{path} changed: {before[path]} -> {after[path]}")
    return changes


def make_outside(outside):
    """A sentinel tree standing for the rest of the host: an instructor's home and a data dir."""
    home = os.path.join(outside, "home")
    os.makedirs(os.path.join(home, ".ssh"))
    os.makedirs(os.path.join(outside, "data"))
    files = {"home/.bashrc": "# the instructor's shell start-up\nexport PS1='$ '\n",
             "home/.ssh/id_ed25519": "-----BEGIN OPENSSH PRIVATE KEY-----\nsentinel\n",
             "data/grades.csv": "student,score\nalice,10\n"}
    for relative, text in files.items():
        with open(os.path.join(outside, relative), "w") as f:
            f.write(text)
    os.chmod(os.path.join(home, ".ssh"), 0o700)
    os.chmod(os.path.join(home, ".ssh", "id_ed25519"), 0o600)


def problems_under_course(course, before, after):
    """New or changed entries that are owned by the sandbox uid, setuid/setgid, world-writable, or
    links and special files where the grader publishes (autograded/, feedback/)."""
    problems = []
    for path, state in sorted(after.items()):
        if before.get(path) == state:
            continue
        kind, uid, _, mode = state[:4]
        where = os.path.join("course", path)
        if uid == SANDBOX_UID:
            problems.append(f"{where} is owned by the sandbox uid {SANDBOX_UID}")
        if mode & (stat.S_ISUID | stat.S_ISGID):
            problems.append(f"{where} has mode {mode:o} (setuid/setgid)")
        if kind != stat.S_IFLNK and mode & stat.S_IWOTH:
            problems.append(f"{where} is world-writable (mode {mode:o})")
        published = path.split(os.sep)[0] in ("autograded", "feedback")
        if published and kind not in (stat.S_IFREG, stat.S_IFDIR):
            problems.append(f"{where} is not a regular file or directory (type {kind:o})")
    return problems


def signing_key_bodies(course):
    """The base64 body lines of every private key PEM under course/.gradebox (Ed25519 PKCS#8
    bodies share a common prefix, so only whole lines count)."""
    bodies = []
    for dirpath, _, filenames in os.walk(os.path.join(course, ".gradebox")):
        for name in filenames:
            with open(os.path.join(dirpath, name), errors="replace") as f:
                text = f.read()
            if "PRIVATE KEY-----" in text:
                bodies += [line for line in text.splitlines() if line and not line.startswith("-----")]
    return bodies


def hidden_test_lines(course):
    """Distinctive lines inside BEGIN/END HIDDEN TESTS regions of the source notebooks."""
    lines = []
    for dirpath, _, filenames in os.walk(os.path.join(course, "source")):
        for name in filenames:
            if not name.endswith(".ipynb"):
                continue
            with open(os.path.join(dirpath, name)) as f:
                nb = json.load(f)
            for cell in nb.get("cells", []):
                source = cell.get("source", "")
                inside = False
                for line in ("".join(source) if isinstance(source, list) else source).splitlines():
                    if "BEGIN HIDDEN TESTS" in line:
                        inside = True
                    elif "END HIDDEN TESTS" in line:
                        inside = False
                    elif inside and len(line.strip()) >= 20:
                        lines.append(line.strip())
    return lines


def files_text(tops):
    """(path, text) of every regular file beneath tops, read without following links."""
    for top in tops:
        for dirpath, _, filenames in os.walk(top):
            for name in filenames:
                path = os.path.join(dirpath, name)
                if not stat.S_ISREG(os.lstat(path).st_mode):
                    continue
                with open(path, "rb") as f:
                    yield path, f.read().decode(errors="replace")


def leaked(secrets, texts):
    found = []
    for where, text in texts:
        for secret in secrets:
            if secret in text or html.escape(secret) in text or json.dumps(secret)[1:-1] in text:
                found.append(f"{where} contains the secret {secret[:40]!r}")
    return found


def child_pids():
    mine = str(os.getpid())
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == mine and fields[0] != "Z":
            pids.append(int(entry))
    return pids


def reap_everything():
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                return
        except ChildProcessError:
            return


def leftover_processes():
    """Processes of the run still alive a moment after the commands returned; killed."""
    deadline = time.monotonic() + 3
    while True:
        reap_everything()
        left = child_pids()
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    described = []
    for pid in left:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
            described.append(f"{pid} ({cmdline[:80]})")
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    time.sleep(0.2)
    reap_everything()
    return described


class Run:
    """One case in one mode: a work dir holding course/, outside/, exports/ and tmp/."""

    def __init__(self, args, case, config, mode):
        self.args, self.case, self.config, self.mode = args, case, config, mode
        self.nonroot = mode == "nonroot-rlimit"
        self.work = tempfile.mkdtemp(prefix=f"gradebox-attack-{os.path.basename(case)}-")
        os.chmod(self.work, 0o755)  # the sandbox uid must reach the course, as on a real host
        self.course = os.path.join(self.work, "course")
        self.outside = os.path.join(self.work, "outside")
        self.exports = os.path.join(self.work, "exports")
        self.tmp = os.path.join(self.work, "tmp")
        self.output = []
        self.failures = []

    def substitute(self, word):
        return word.replace("{course}", self.course).replace("{outside}", self.outside) \
                   .replace("{exports}", self.exports)

    def prepare(self):
        shutil.copytree(os.path.join(self.args.source_dir, "examples", "course"), self.course, symlinks=True)
        for generated in ("release", "autograded", "feedback", "records", ".gradebox"):
            shutil.rmtree(os.path.join(self.course, generated), ignore_errors=True)
        overlay = os.path.join(self.case, "course")
        if os.path.isdir(overlay):
            shutil.copytree(overlay, self.course, symlinks=True, dirs_exist_ok=True)
        make_outside(self.outside)
        os.makedirs(self.exports)
        os.makedirs(self.tmp)
        if self.nonroot:
            self.force_rlimit_level()
            for top in (self.course, self.outside, self.exports, self.tmp):
                chown_tree(top, TEST_UID)

    def force_rlimit_level(self):
        toml = os.path.join(self.course, "gradebox.toml")
        text = open(toml).read() if os.path.exists(toml) else ""
        if "[isolation]" in text:
            text = text.replace("[isolation]", '[isolation]\nlevel = "rlimit"', 1)
        else:
            text += '\n[isolation]\nlevel = "rlimit"\n'
        with open(toml, "w") as f:
            f.write(text)

    def command_line(self, words, program):
        words = [self.substitute(w) for w in words]
        if program == self.args.gradebox and not any(self.course in w for w in words):
            words += ["--course", self.course]
        return (as_test_user() if self.nonroot else []) + [program] + words

    def run(self, words, program=None):
        """Runs one command; returns its exit code, or None when it outlived the timeout."""
        program = program or self.args.gradebox
        command = self.command_line(words, program)
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "TMPDIR": self.tmp,
               "HOME": os.path.join(self.outside, "home")}
        timeout = self.config.get("timeout_seconds", 300)
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                cwd=self.work, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            self.failures.append(f"{' '.join(words)} still ran after {timeout}s (killed)")
            code = None
        text = f"$ {' '.join(command)}\n{out.decode(errors='replace')}{err.decode(errors='replace')}"
        self.output.append(text)
        print(text[-3000:])
        return code

    def run_script(self, name, *extra):
        script = os.path.join(self.case, name)
        if not os.path.exists(script):
            return 0
        done = subprocess.run(["/usr/bin/python3", script, self.course, self.outside, *extra],
                              capture_output=True, text=True, timeout=120,
                              env=dict(os.environ, ATTACK_MODE=self.mode,
                                       PYTHONDONTWRITEBYTECODE="1"))
        print(f"{name}: exit {done.returncode}\n{done.stdout}{done.stderr}")
        return done.returncode

    def attack(self):
        self.prepare()
        releases = self.config.get("setup_release", True)
        if releases:
            releases = ["ps1"] if releases is True else releases
            for words in [["keygen"]] + [["release", name] for name in releases]:
                if self.run(words) != 0:
                    self.failures.append(f"setup step `{' '.join(words)}` failed")
                    return
        if self.run_script("setup.py") != 0:
            self.failures.append("setup.py failed")
            return
        if self.nonroot:
            chown_tree(self.course, TEST_UID)
            chown_tree(self.outside, TEST_UID)
        before = {name: snapshot(os.path.join(self.course, name)) for name in ("source", "release")}
        before["outside"] = snapshot(self.outside)
        course_before = snapshot(self.course)
        last = self.run_commands()
        self.audit(before, course_before, last)

    def run_commands(self):
        if "kernel" in self.config:
            return self.run_kernel(self.config["kernel"])
        if "program" in self.config:
            program = self.args.tools.get(self.config["program"])
            if not program:
                self.failures.append(f"program {self.config['program']!r} is not a --tool of the runner")
                return None
            return self.run(self.config.get("args", []), program)
        last = None
        for words in self.config["commands"]:
            last = self.run(words)
        return last

    def run_kernel(self, kernel):
        """A gradebox-kernel session through jupyter_client (kernel_session.py), as the run's user."""
        program = self.args.tools.get("gradebox-kernel")
        if not program:
            self.failures.append("the kernel kind needs --tool gradebox-kernel=PATH")
            return None
        state = os.path.join(self.work, "jupyter")
        os.makedirs(state, exist_ok=True)
        if self.nonroot:
            chown_tree(state, TEST_UID)
        words = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernel_session.py"),
                 "--kernel", program, "--state", state, "--cwd", self.substitute(kernel["cwd"]),
                 "--cells", json.dumps(kernel["cells"]),
                 "--frontend", json.dumps(kernel.get("frontend_messages", []))]
        words += ["--kill"] if kernel.get("kill") else []
        return self.run(words, "/usr/bin/python3")

    def audit(self, before, course_before, last):
        for name, state in before.items():
            top = self.outside if name == "outside" else os.path.join(self.course, name)
            self.failures += describe_changes(name, state, snapshot(top))
        self.failures += problems_under_course(self.course, course_before, snapshot(self.course))
        left = leftover_processes()
        if left:
            self.failures.append(f"processes left behind: {left}")
        scratch = os.listdir(self.tmp)
        if scratch:
            self.failures.append(f"left in TMPDIR: {scratch}")
        expected = self.config.get("expect_exit", [0])
        if last not in expected:
            self.failures.append(f"the attack command exited {last}, expected one of {expected}")
        outputs = [(f"output of `{o.splitlines()[0][2:80]}...`", o) for o in self.output]
        published = [os.path.join(self.course, d) for d in ("autograded", "feedback", "records")]
        self.failures += leaked(signing_key_bodies(self.course),
                                outputs + list(files_text(published + [self.exports])))
        self.failures += leaked(hidden_test_lines(self.course),
                                outputs + list(files_text([os.path.join(self.course, "feedback")])))
        output_file = os.path.join(self.work, "output.txt")
        with open(output_file, "w") as f:
            f.write("\n".join(self.output))
        if self.run_script("check.py", output_file) != 0:
            self.failures.append("check.py failed (see its output above)")

    def clean(self):
        # Entries the attack left (FIFOs, links, dirs a session made unwritable) go too.
        for dirpath, dirnames, _ in os.walk(self.work):
            for name in dirnames:
                path = os.path.join(dirpath, name)
                if not os.path.islink(path):
                    os.chmod(path, 0o755)
        shutil.rmtree(self.work, ignore_errors=True)


def skip_reason(mode):
    if mode == "nonroot-rlimit":
        if os.geteuid() != 0:
            return "nonroot-rlimit needs a root runner to switch to the test uid"
        if not shutil.which("setpriv"):
            return "setpriv (util-linux) is not installed"
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", required=True)
    parser.add_argument("--mode", required=True, choices=["root", "nonroot-rlimit"])
    parser.add_argument("--gradebox", required=True)
    parser.add_argument("--tool", action="append", default=[], metavar="NAME=PATH",
                        help="another built tool a case may name as `program`")
    parser.add_argument("--source-dir", required=True, help="the repository (for examples/course)")
    args = parser.parse_args()
    args.tools = dict(t.split("=", 1) for t in args.tool)
    args.gradebox = os.path.abspath(args.gradebox)
    case = os.path.abspath(args.case)
    name = f"{os.path.basename(case)} [{args.mode}]"
    with open(os.path.join(case, "attack.toml"), "rb") as f:
        config = tomllib.load(f)
    if args.mode not in config.get("modes", ["root", "nonroot-rlimit"]):
        print(f"{name}: skipped: attack.toml does not list this mode")
        return SKIP
    if args.mode == "root" and os.geteuid() != 0:
        print(f"{name}: skipped: the root mode needs a root runner")
        return SKIP
    if reason := skip_reason(args.mode):
        print(f"{name}: skipped: {reason}")
        return SKIP
    print(f"{name}: issue 14 item {config.get('issue_item')}: {config.get('description', '')}")
    # Orphans of the run (a double-forked student process) become our children, so none escapes
    # the audit.
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    run = Run(args, case, config, args.mode)
    try:
        run.attack()
    finally:
        run.clean()
    for failure in run.failures:
        print(f"FAIL {name}: {failure}", file=sys.stderr)
    if not run.failures:
        print(f"{name}: pass")
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
