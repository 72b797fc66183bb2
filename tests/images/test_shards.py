"""Four shards of the autograde image on one course, as the Kubernetes Indexed Job runs them
(JOB_COMPLETION_INDEX 0..3, GRADEBOX_SHARD_COUNT 4, the Job's securityContext): every student is
graded by exactly one shard, the shards are balanced (sizes differ by at most one), every shard
exits 0 (mallory's hostile submission included), and `gradebox verify` and gradebox-export accept
the merged records.
"""
import sys
import unittest

from podman_support import AUTOGRADE, K8S_SECURITY, Course, Podman, summary

SHARDS = 4
EXTRA_STUDENTS = 13  # with alice, bob and mallory: 16 students


class FourShards(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.podman = Podman()
        cls.course = Course(cls.podman, extra_students=EXTRA_STUDENTS)
        cls.runs = []
        for index in range(SHARDS):
            done = cls.podman.run(AUTOGRADE, "--json", options=[
                *K8S_SECURITY, *cls.course.mounts(), *cls.course.autograde_environment(),
                "-e", f"JOB_COMPLETION_INDEX={index}", "-e", f"GRADEBOX_SHARD_COUNT={SHARDS}"])
            print(f"shard {index}/{SHARDS}: exit {done.returncode}\n{done.stderr}")
            cls.runs.append(done)

    @classmethod
    def tearDownClass(cls):
        cls.course.cleanup()

    def shard_students(self):
        return [[s["student"] for s in summary(done)["submissions"]] for done in self.runs]

    def test_every_shard_succeeds(self):
        self.assertEqual([done.returncode for done in self.runs], [0] * SHARDS)

    def test_every_student_is_graded_by_exactly_one_shard(self):
        graded = sorted(s for shard in self.shard_students() for s in shard)
        everyone = sorted(p.name for p in (self.course.course / "submitted").iterdir())
        self.assertEqual(len(everyone), 3 + EXTRA_STUDENTS)
        self.assertEqual(graded, everyone)
        self.assertEqual(self.course.records(), everyone)

    def test_shards_are_balanced(self):
        sizes = [len(shard) for shard in self.shard_students()]
        self.assertLessEqual(max(sizes) - min(sizes), 1, f"shard sizes {sizes}")

    def test_merged_records_verify_and_export(self):
        csv = self.course.verify_and_export()
        for student in self.course.records():
            self.assertIn(student, csv)


if __name__ == "__main__":
    sys.exit(unittest.main(verbosity=2))
