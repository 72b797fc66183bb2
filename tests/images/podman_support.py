"""What the image tests share: the podman command line this host needs, the image names, and the
example course prepared in a scratch directory (keygen with the private key outside the course,
release) by the autograde image itself.

Environment: GRADEBOX_SOURCE_DIR, GRADEBOX_BUILD_DIR, GRADEBOX_IMAGE_TAG (default ci),
GRADEBOX_SKIP_IMAGES=1 (skip, saying so; without it a host where podman cannot run fails).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SKIP = 77
ROOT = Path(os.environ.get("GRADEBOX_SOURCE_DIR", Path(__file__).resolve().parents[2]))
TAG = os.environ.get("GRADEBOX_IMAGE_TAG", "ci")
BASE = os.environ.get("GRADEBOX_BASE_IMAGE", "localhost/gradebox-base:bookworm")
AUTOGRADE = f"localhost/gradebox-autograde:{TAG}"
SINGLEUSER = f"localhost/gradebox-singleuser:{TAG}"
RUNTIME = f"localhost/gradebox:{TAG}"
# The Kubernetes securityContext of images/k8s, as podman flags: runAsUser 1000 / runAsGroup 100,
# readOnlyRootFilesystem, capabilities drop ALL, allowPrivilegeEscalation false, RuntimeDefault
# seccomp (podman's default profile; never --security-opt seccomp=unconfined).
# Runs the command given instead of the autograde entrypoint, still under tini.
TINI = '["tini", "--"]'
K8S_SECURITY = ["--user", "1000:100", "--read-only", "--cap-drop=ALL",
                "--security-opt", "no-new-privileges"]


def skip_or_fail_without_podman():
    if os.environ.get("GRADEBOX_SKIP_IMAGES") == "1":
        print("skipped: GRADEBOX_SKIP_IMAGES=1 (the images stage did not run)")
        sys.exit(SKIP)
    if not shutil.which("podman"):
        print("FAILED: podman is not installed (scripts/install-deps.sh installs it); "
              "set GRADEBOX_SKIP_IMAGES=1 to skip the images stage explicitly")
        sys.exit(1)


def podman_flags():
    """(global flags, run flags) that start containers here (images/podman-flags.sh)."""
    done = subprocess.run([str(ROOT / "images/podman-flags.sh"), BASE],
                          capture_output=True, text=True)
    if done.returncode != 0:
        print(f"FAILED: podman cannot start a container on this host:\n{done.stderr}"
              "set GRADEBOX_SKIP_IMAGES=1 to skip the images stage explicitly")
        sys.exit(1)
    lines = dict(line.split(":", 1) for line in done.stdout.splitlines())
    return lines["global"].split(), lines["run"].split()


class Podman:
    def __init__(self):
        skip_or_fail_without_podman()
        self.global_flags, self.run_flags = podman_flags()

    def command(self, *args):
        return ["podman", *self.global_flags, *args]

    def run(self, image, *args, options=(), check=False, timeout=900):
        """`podman run --rm` with this host's flags; returns the CompletedProcess."""
        # --no-healthcheck: podman schedules HEALTHCHECK through systemd, absent on CI hosts.
        cmd = self.command("run", "--rm", "--no-healthcheck", *self.run_flags, *options, image,
                           *args)
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {done.returncode}:\n"
                                 f"{done.stdout}\n{done.stderr}")
        return done


def gradebox_supports(podman, *options):
    """Whether the image's `gradebox autograde` has every option (some arrive in parallel)."""
    help_text = podman.run(AUTOGRADE, "gradebox", "autograde", "--help",
                           options=["--entrypoint", TINI]).stdout
    return all(option in help_text for option in options)


class Course:
    """examples/course copied to a scratch dir owned by the image's uid 1000:100, its key made by
    the image's `gradebox keygen` into a separate keys dir (as a Kubernetes Secret holds it: root
    owned, group 100, mode 0440) when gradebox has --key, and ps1 released."""

    def __init__(self, podman, extra_students=0):
        self.podman = podman
        self.dir = Path(tempfile.mkdtemp(prefix="gradebox-images-"))
        self.course = self.dir / "course"
        self.keys = self.dir / "keys"
        shutil.copytree(ROOT / "examples/course", self.course)
        for name in ("release", "autograded", "feedback", "records", ".gradebox"):
            shutil.rmtree(self.course / name, ignore_errors=True)
        self.add_students(extra_students)
        self.keys.mkdir()
        os.chmod(self.dir, 0o755)
        subprocess.run(["chown", "-R", "1000:100", str(self.course), str(self.keys)], check=True)
        self.key_option = gradebox_supports(podman, "--key")
        if not self.key_option:
            print("note: this gradebox has no autograde --key yet; the key stays in the course")
        self.prepare()

    def add_students(self, count):
        submitted = self.course / "submitted"
        for i in range(count):
            model = ["alice", "bob"][i % 2]
            shutil.copytree(submitted / model, submitted / f"student{i:02d}")

    def mounts(self, keys_read_only=True):
        keys = f"{self.keys}:/keys" + (":ro" if keys_read_only else "")
        return ["-v", f"{self.course}:/course", "-v", keys]

    def gradebox(self, *args, options=(), keys_read_only=True):
        return self.tool("gradebox", *args, options=options, keys_read_only=keys_read_only)

    def tool(self, *argv, options=(), keys_read_only=True):
        return self.podman.run(AUTOGRADE, *argv, check=True,
                               options=["--entrypoint", TINI, "--user", "1000:100",
                                        *self.mounts(keys_read_only), *options])

    def prepare(self):
        key_args = ["--key", "/keys/signing.key"] if self.key_option else []
        self.gradebox("keygen", "--course", "/course", *key_args, keys_read_only=False)
        self.gradebox("release", "ps1", "--course", "/course")
        if self.key_option:  # the Secret's shape: another owner, group-readable, not writable
            key = self.keys / "signing.key"
            os.chown(key, 0, 100)
            os.chmod(key, 0o440)

    def autograde_environment(self):
        """The autograde entrypoint's environment as the Job sets it (images/k8s)."""
        env = ["-e", "GRADEBOX_ASSIGNMENT=ps1", "-e", "GRADEBOX_JOBS=2"]
        if self.key_option:
            env += ["-e", "GRADEBOX_SIGNING_KEY_FILE=/keys/signing.key"]
        if not gradebox_supports(self.podman, "--require-landlock"):
            print("note: this gradebox has no --require-landlock yet; graded without requiring it")
            env += ["-e", "GRADEBOX_REQUIRE_LANDLOCK=0"]
        return env

    def records(self):
        return sorted(p.stem for p in (self.course / "records/ps1").glob("*.json"))

    def verify_and_export(self):
        """`gradebox verify` and gradebox-export over the records, in the image."""
        self.gradebox("verify", "/course/records", "--course", "/course")
        trust = "/course/.gradebox/keys/trust.json"
        done = self.tool("gradebox-export", "--format", "nbgrader", "--trust", trust,
                             "--records", "/course/records")
        return done.stdout

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def summary(done):
    """The autograde --json summary in a run's stdout, or a failure naming the run's output."""
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"no JSON summary (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
