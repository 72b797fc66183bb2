"""Two graders at once never lose a grade: a grader who saw a stale value gets a conflict with the
current grade and nothing is written; quick successive saves of one cell keep the last; two
servers on one course writing at the same time all land, and `gradebox verify` accepts them; a
server's assignment listing shows grades another server or `gradebox grade-manual` wrote."""
import os
import threading
import unittest

from formgrader_support import Formgrader, make_course, remove, run_gradebox

WORK = COURSE = None


def setUpModule():
    global WORK, COURSE
    WORK, COURSE = make_course()


def tearDownModule():
    remove(WORK)


def essay(client, student):
    cells = client.get_json(f"api/assignments/ps1/submissions/{student}")["notebooks"][0]["cells"]
    return [c for c in cells if c["grade_id"] == "essay"][0]


class TwoGraders(unittest.TestCase):
    def setUp(self):
        self.one = Formgrader(COURSE, "--grader", "ta-one")
        self.two = Formgrader(COURSE, "--grader", "ta-two")

    def tearDown(self):
        self.one.stop()
        self.two.stop()

    def test_stale_grader_sees_a_conflict_then_overwrites_with_a_note(self):
        a, b = self.one.client(), self.two.client()
        seen_by_a, seen_by_b = essay(a, "bob")["record_id"], essay(b, "bob")["record_id"]
        grade = {"assignment": "ps1", "student": "bob", "notebook": "problem1.ipynb", "grade_id": "essay"}
        status, reply = a.post_grade(points=2, expected_record_id=seen_by_a, **grade)
        self.assertEqual(status, 200, reply)
        status, conflict = b.post_grade(points=1, expected_record_id=seen_by_b, **grade)
        self.assertEqual(status, 409, conflict)
        self.assertEqual((conflict["current"]["points"], conflict["current"]["grader"]), ("2", "ta-one"))
        self.assertEqual(essay(b, "bob")["points"], "2")  # nothing written by the refused save
        status, reply = b.post_grade(points=1, expected_record_id=conflict["current"]["record_id"], **grade)
        self.assertEqual(status, 200, reply)
        self.assertIn("replaces 2 by ta-one", reply["note"])
        self.assertEqual(essay(a, "bob")["points"], "1")

    def test_assignment_listing_sees_grades_written_elsewhere(self):
        # The listing's verified records are cached while no file changed: writes by another
        # server or by `gradebox grade-manual` must show on the next request all the same.
        a, b = self.one.client(), self.two.client()

        def points():
            rows = a.get_json("api/assignments/ps1/submissions")["submissions"]
            return {r["student"]: float(r["points"]) for r in rows}["bob"]

        grade = {"assignment": "ps1", "student": "bob", "notebook": "problem1.ipynb", "grade_id": "essay"}
        self.assertEqual(b.post_grade(points="0.5", **grade)[0], 200)
        after_server_two = points()
        self.assertEqual(points(), after_server_two)  # from the cache, unchanged
        run_gradebox("grade-manual", "ps1", "bob", "essay", "1.5", "--course", COURSE)
        self.assertEqual(points(), after_server_two + 1)
        self.assertEqual(b.post_grade(points="3", **grade)[0], 200)
        self.assertEqual(points(), after_server_two + 2.5)

    def test_quick_successive_saves_keep_the_last(self):
        a = self.one.client()
        grade = {"assignment": "ps1", "student": "alice", "notebook": "problem1.ipynb", "grade_id": "essay"}
        for points in ("1", "3", "2.5"):
            status, reply = a.post_grade(points=points, **grade)
            self.assertEqual(status, 200, reply)
        self.assertEqual(essay(a, "alice")["points"], "2.5")

    def test_simultaneous_writes_from_two_servers_all_land(self):
        results = []

        def grade(server, student, grade_id, points, reason):
            client = server.client()
            for p in points:
                results.append(client.post_grade(assignment="ps1", student=student, notebook="problem1.ipynb",
                                                 grade_id=grade_id, points=p, reason=reason)[0])

        before = len(self.manual_files())
        threads = [threading.Thread(target=grade, args=(self.one, "alice", "test_f", ["2", "1.5"], "typo")),
                   threading.Thread(target=grade, args=(self.two, "bob", "test_f", ["0.5", "1"], "partial"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [200] * 4)
        self.assertEqual(len(self.manual_files()) - before, 4)
        run = run_gradebox("verify", os.path.join(COURSE, "records"), "--course", COURSE, check=False)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)

    def manual_files(self):
        found = []
        for root, _, files in os.walk(os.path.join(COURSE, "records", "ps1", "manual")):
            found += [os.path.join(root, f) for f in files if f.endswith(".json")]
        return found


if __name__ == "__main__":
    unittest.main()
