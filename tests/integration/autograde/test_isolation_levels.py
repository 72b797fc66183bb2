"""`gradebox autograde --level / --require-level` (gradebox.toml isolation.level,
isolation.require_level), and a student process that escapes its session (double fork, setsid,
sleeping) being gone when autograde returns, at the host's best level and forced down to rlimit.
Environment as test_autograde.
"""
import json
import os
import re
import time
import unittest

from test_autograde import MadeCourse, run

# Leaves a sleeping grandchild in a new session (no parent, no process group of the session's),
# prints its pid as the host sees it (the /proc mounted is the host's; passed on through a file in
# the session's scratch), then answers correctly.
ESCAPE = (
    "import os, time\n"
    "if os.fork() == 0:\n"
    "    os.setsid()\n"
    "    if os.fork() == 0:\n"
    "        with open('escaped.pid', 'w') as f:\n"
    "            f.write(os.readlink('/proc/self'))\n"
    "        time.sleep(300)\n"
    "    os._exit(0)\n"
    "os.wait()\n"
    "for _ in range(200):\n"
    "    if os.path.exists('escaped.pid') and os.path.getsize('escaped.pid'):\n"
    "        break\n"
    "    time.sleep(0.01)\n"
    "print('ESCAPED', open('escaped.pid').read())\n"
    "def answer():\n"
    "    return 42\n")


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class LevelSettings(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.course = MadeCourse()
        cls.course.submit_answer("ann", "def answer():\n    return 42\n")

    @classmethod
    def tearDownClass(cls):
        cls.course.close()

    def test_a_host_below_the_required_level_grades_nothing(self):
        # rlimit is below cgroup1 on every host, so this refusal does not depend on the machine.
        done = run("autograde", "ps", "--course", self.course.root, "--level", "rlimit",
                   "--require-level", "cgroup1")
        self.assertEqual(done.returncode, 1, done.stdout + done.stderr)
        self.assertIn("isolation level cgroup1 is required but sessions here would run at rlimit",
                      done.stderr)
        self.assertFalse((self.course.root / "records" / "ps" / "ann.json").exists())

    def test_a_bad_level_in_gradebox_toml_names_the_key(self):
        toml = self.course.root / "gradebox.toml"
        toml.write_text('[isolation]\nlevel = "chroot"\n')
        try:
            done = run("autograde", "ps", "--course", self.course.root)
        finally:
            toml.unlink()
        self.assertEqual(done.returncode, 1, done.stdout + done.stderr)
        self.assertIn('gradebox.toml', done.stderr)
        self.assertIn('isolation.level (line 2) is "chroot": expected cgroup2, cgroup1 or rlimit',
                      done.stderr)

    def test_a_bad_level_option_is_a_usage_error(self):
        done = run("autograde", "ps", "--course", self.course.root, "--require-level", "chroot",
                   check=False)
        self.assertEqual(done.returncode, 2, done.stdout + done.stderr)


class EscapedProcess(unittest.TestCase):
    """The escaped sleeper is killed with its session, whatever the level."""

    def grade_at(self, *level):
        course = MadeCourse()
        self.addCleanup(course.close)
        course.submit_answer("eve", ESCAPE)
        done, summary = course.autograde(*level)
        self.assertEqual(done.returncode, 0, done.stderr)
        printed = re.search(r"ESCAPED (\d+)", course.outputs_text("eve"))
        self.assertTrue(printed, "the escape did not run: " + course.outputs_text("eve"))
        pid = int(printed.group(1))
        deadline = time.monotonic() + 5
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(alive(pid), f"the escaped sleeper {pid} outlived autograde")
        record = course.record("eve")
        self.assertEqual(record["totals"]["points_milli"], 3000)
        return record

    def test_at_the_hosts_best_level(self):
        self.grade_at()

    def test_forced_down_to_rlimit(self):
        record = self.grade_at("--level", "rlimit")
        self.assertEqual(record["isolation"]["level"], "rlimit")


if __name__ == "__main__":
    unittest.main()
