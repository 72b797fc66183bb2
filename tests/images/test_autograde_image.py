"""The autograde image grades the example course (alice correct, bob partial, mallory hostile)
through its entrypoint, as the Kubernetes Job runs it:
  k8s       under the Job's securityContext (uid 1000, read-only root, all capabilities dropped,
            no privilege escalation, the runtime's default seccomp profile);
  defaults  under podman's defaults (root in the container, default capabilities and seccomp).
Every student gets a signed record, the run exits 0 (a hostile submission is an `error` record,
not the run's failure), and `gradebox verify` and gradebox-export accept the records. In the same
mode, `gradebox doctor` reports the level a trial session ran at, and a session there runs.
  python3 test_autograde_image.py k8s|defaults
"""
import json
import sys
import unittest

from podman_support import AUTOGRADE, K8S_SECURITY, TINI, Course, Podman, summary

MODES = {"k8s": K8S_SECURITY, "defaults": []}


class AutogradeImage(unittest.TestCase):
    mode = "k8s"

    @classmethod
    def setUpClass(cls):
        cls.podman = Podman()
        cls.course = Course(cls.podman)
        cls.done = cls.podman.run(
            AUTOGRADE, "--json",
            options=[*MODES[cls.mode], *cls.course.mounts(), *cls.course.autograde_environment()])
        print(cls.done.stderr)

    @classmethod
    def tearDownClass(cls):
        cls.course.cleanup()

    def test_every_student_has_a_record_and_the_run_succeeds(self):
        result = summary(self.done)
        self.assertEqual(self.done.returncode, 0, self.done.stderr)
        self.assertEqual(sorted(s["student"] for s in result["submissions"]),
                         ["alice", "bob", "mallory"])
        self.assertEqual(self.course.records(), ["alice", "bob", "mallory"])

    def test_scores_are_the_demo_scores(self):
        # examples/course/README.md: alice 8/8 automatic points, bob 2/8 (the essay's 2 points
        # wait for manual grading), mallory 1/10: every attack contained, her honest point kept.
        by_student = {s["student"]: s for s in summary(self.done)["submissions"]}
        self.assertEqual((by_student["alice"]["status"], by_student["alice"]["points_milli"]),
                         ("graded", 8000))
        self.assertEqual((by_student["bob"]["status"], by_student["bob"]["points_milli"]),
                         ("graded", 2000))
        self.assertEqual((by_student["mallory"]["status"], by_student["mallory"]["points_milli"]),
                         ("graded", 1000))

    def test_records_verify_and_export(self):
        csv = self.course.verify_and_export()
        for student in ("alice", "bob", "mallory"):
            self.assertIn(student, csv)

    def test_doctor_reports_the_level_its_trial_session_ran_at(self):
        done = self.podman.run(AUTOGRADE, "gradebox", "doctor", "--json",
                               options=[*MODES[self.mode], "--entrypoint", TINI])
        report = json.loads(done.stdout)
        rows = {row["name"]: row for row in report["checks"]}
        isolation = report["isolation"]
        self.assertEqual(isolation["confirmed"]["level"], isolation["best_level"], isolation)
        self.assertIn(rows["isolation level"]["status"], ("pass", "warn"), rows["isolation level"])
        self.assertEqual(rows["sandboxed session"]["status"], "pass", rows["sandboxed session"])
        layers = {layer["layer"]: layer for layer in isolation["layers"]}
        for name in ("seccomp", "rlimits", "landlock"):
            self.assertTrue(layers[name]["used"], layers[name])
        for name, layer in layers.items():
            self.assertEqual(rows[name]["status"] == "pass", layer["used"], layer)


if __name__ == "__main__":
    AutogradeImage.mode = sys.argv.pop(1) if len(sys.argv) > 1 else "k8s"
    unittest.main(verbosity=2)
