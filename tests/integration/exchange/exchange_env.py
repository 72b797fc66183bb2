"""Shared set-up of the exchange tests: a scratch course and exchange, students as distinct uids.

Students run as uids 4301 (alice), 4302 (bob), 4303 (mallory), which need login names (nbgrader
and gradebox name a submission after its owner). The host's /etc/passwd is never edited: each
command that needs the names runs in a private mount namespace where /etc/passwd and /etc/group
are bind-mounted copies that add the three students. Root only; the tests say so and skip.
Environment: GRADEBOX, GRADEBOX_SOURCE_DIR, NBGRADER (a command running real nbgrader; optional).
"""
import base64
import json
import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

GRADEBOX = os.environ["GRADEBOX"]
SOURCE = Path(os.environ["GRADEBOX_SOURCE_DIR"])
EXAMPLE = SOURCE / "examples" / "course"
STUDENTS = {"alice": 4301, "bob": 4302, "mallory": 4303}
COURSE_ID = "cs101"


def nbgrader_command():
    """The command running real nbgrader, or None (with the reason) when there is none."""
    configured = os.environ.get("NBGRADER", "")
    candidates = [shlex.split(configured)] if configured else [["/usr/bin/python3", "-m", "nbgrader"]]
    for command in candidates:
        try:
            done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=120)
        except OSError:
            continue
        if done.returncode == 0 and "nbgrader version" in done.stdout + done.stderr:
            return command, ""
    return None, "no real nbgrader (configure with -DGRADEBOX_NBGRADER=<command running nbgrader>)"


def can_switch_uids():
    if os.geteuid() != 0:
        return "students as distinct uids need root (setpriv, private mount namespace)"
    if not shutil.which("setpriv") or not shutil.which("unshare"):
        return "setpriv/unshare not installed"
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
    if probe.returncode != 0:
        return "cannot create a mount namespace: " + probe.stderr.decode(errors="replace")
    return ""


class Scratch:
    """A temporary course, exchange and student homes, reachable by the student uids."""

    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="gradebox-exchange-")
        self.root = Path(self.tmp.name)
        self.root.chmod(0o755)
        self.exchange = self.root / "exchange"
        self.course = self.root / "course"
        self.homes = self.root / "home"
        self.homes.mkdir()
        self.homes.chmod(0o755)
        self.passwd = self.root / "passwd"
        self.group = self.root / "group"
        with open("/etc/passwd") as fh:
            passwd = fh.read()
        with open("/etc/group") as fh:
            group = fh.read()
        for name, uid in STUDENTS.items():
            passwd += f"{name}:x:{uid}:{uid}::{self.home(name)}:/bin/sh\n"
            group += f"{name}:x:{uid}:\n"
        self.passwd.write_text(passwd)
        self.group.write_text(group)
        for name, uid in STUDENTS.items():
            self.home(name).mkdir()
            os.chown(self.home(name), uid, uid)
            self.home(name).chmod(0o700)

    def home(self, student):
        return self.homes / student

    def cleanup(self):
        self.tmp.cleanup()

    def example_course(self, toml=""):
        """The example course's source/, with course id and exchange in gradebox.toml."""
        shutil.copytree(EXAMPLE / "source", self.course / "source")
        (self.course / "gradebox.toml").write_text(
            f'[exchange]\nroot = "{self.exchange}"\n' + toml)
        (self.course / "nbgrader_config.py").write_text(
            f'c = get_config()\nc.CourseDirectory.course_id = "{COURSE_ID}"\n')
        return self.course

    def run(self, args, student=None, cwd=None, env=None, timeout=600):
        """Runs `args` (root, or as `student`'s uid) where the students have login names."""
        full_env = dict(os.environ)
        full_env.update(env or {})
        inner = list(map(str, args))
        if student:
            uid = STUDENTS[student]
            full_env.update({"HOME": str(self.home(student)), "USER": student, "LOGNAME": student})
            full_env.pop("JUPYTER_DATA_DIR", None)
            inner = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--", *inner]
        script = 'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group && shift 2 && exec "$@"'
        command = ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh",
                   str(self.passwd), str(self.group), *inner]
        return subprocess.run(command, capture_output=True, text=True, cwd=cwd or self.root,
                              env=full_env, timeout=timeout)

    def gradebox(self, *args, student=None, cwd=None, env=None):
        if student:
            args = (*args, "--course-id", COURSE_ID, "--exchange", self.exchange)
        return self.run([GRADEBOX, *args], student=student, cwd=cwd or (self.home(student) if student else None), env=env)


def record(course, assignment, student):
    envelope = json.loads((course / "records" / assignment / f"{student}.json").read_text())
    return json.loads(base64.b64decode(envelope["payload"]))


def receipt_sha256(output):
    for line in output.splitlines():
        if line.strip().startswith("submission_sha256:"):
            return line.split(":", 1)[1].strip()
    return None
