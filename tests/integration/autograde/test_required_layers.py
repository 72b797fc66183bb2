"""Required isolation layers: `--require-landlock` and gradebox.toml `isolation.require` refuse to
run student code on a host without Landlock, simulated by running gradebox under a seccomp filter
that denies landlock_create_ruleset (DENY_SYSCALLS, as an old kernel or a container profile would);
on this host, which has Landlock, the same commands grade. Environment: GRADEBOX, GRADEBOX_KERNEL,
DENY_SYSCALLS, GRADEBOX_SOURCE_DIR.
"""
import json
import os
import subprocess
import unittest

from test_autograde import GRADEBOX, RIGHT, MadeCourse

NO_LANDLOCK = [os.environ["DENY_SYSCALLS"], "landlock_create_ruleset", "--"]
MISSING = "required isolation layer(s) missing: landlock (the kernel reports no Landlock ABI"


def landlock_here():
    """landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION): the ABI, or -1."""
    import ctypes
    return ctypes.CDLL(None, use_errno=True).syscall(444, None, 0, 1) > 0


class RequiredLayers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.course = MadeCourse()
        cls.course.submit_answer("ann", RIGHT)

    @classmethod
    def tearDownClass(cls):
        cls.course.close()

    def gradebox(self, *args, wrapper=(), toml=None):
        path = self.course.root / "gradebox.toml"
        if toml is not None:
            path.write_text(toml)
        try:
            return subprocess.run([*wrapper, GRADEBOX, *map(str, args)], capture_output=True,
                                  text=True, timeout=300)
        finally:
            if toml is not None:
                path.unlink()

    def autograde(self, *args, **kw):
        return self.gradebox("autograde", "ps", "--course", self.course.root, "--force", *args,
                             **kw)

    def test_require_landlock_refuses_a_host_without_it(self):
        done = self.autograde("--require-landlock", wrapper=NO_LANDLOCK)
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn(MISSING, done.stderr)
        self.assertFalse((self.course.root / "records" / "ps" / "ann.json").exists())

    def test_environment_variable_requires_landlock(self):
        done = subprocess.run([*NO_LANDLOCK, GRADEBOX, "autograde", "ps", "--course",
                               str(self.course.root)], capture_output=True, text=True,
                              timeout=300, env={**os.environ, "GRADEBOX_REQUIRE_LANDLOCK": "1"})
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn(MISSING, done.stderr)

    def test_gradebox_toml_requires_layers(self):
        done = self.autograde(wrapper=NO_LANDLOCK,
                              toml='[isolation]\nrequire = ["seccomp", "landlock"]\n')
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn(MISSING, done.stderr)

    def test_validate_refuses_too(self):
        notebook = self.course.root / "submitted" / "ann" / "ps" / "nb.ipynb"
        done = self.gradebox("validate", notebook, "--require-landlock", wrapper=NO_LANDLOCK)
        self.assertEqual(done.returncode, 1, done.stdout + done.stderr)
        self.assertIn(MISSING, done.stderr)

    def test_kernel_refuses_to_start(self):
        connection = self.course.root / "kernel.json"
        connection.write_text(json.dumps({
            "transport": "tcp", "ip": "127.0.0.1", "shell_port": 0, "iopub_port": 0,
            "stdin_port": 0, "control_port": 0, "hb_port": 0, "key": "k",
            "signature_scheme": "hmac-sha256"}))
        done = subprocess.run([*NO_LANDLOCK, os.environ["GRADEBOX_KERNEL"], "-f", connection,
                               "--require-landlock"], capture_output=True, text=True, timeout=120)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn(MISSING, done.stderr)

    def test_without_the_denial_the_required_layer_is_there_and_grading_runs(self):
        if not landlock_here():
            self.skipTest("this host has no Landlock")
        done = self.autograde("--require-landlock",
                              toml='[isolation]\nrequire = ["landlock", "seccomp"]\n')
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(self.course.record("ann")["status"], "graded")


if __name__ == "__main__":
    unittest.main()
