"""`gradebox formgrader` through its HTTP API, as a browser or a script would use it: the token,
the session cookie and CSRF token, input validation, signed records that `gradebox verify`
accepts, totals, overrides, anonymous mode and export."""
import csv
import glob
import io
import os
import re
import unittest

from formgrader_support import Formgrader, make_course, remove, run_gradebox

WORK = COURSE = None
SERVER = None


def setUpModule():
    global WORK, COURSE, SERVER
    WORK, COURSE = make_course()
    SERVER = Formgrader(COURSE, "--grader", "ta-one")


def tearDownModule():
    if SERVER:
        SERVER.stop()
    remove(WORK)


def manual_files():
    return sorted(glob.glob(os.path.join(COURSE, "records", "ps1", "manual", "**", "*.json"), recursive=True))


class Access(unittest.TestCase):
    def test_every_route_refused_without_token(self):
        anonymous = SERVER.client(login=False)
        for path in ["", "overview", "assignments/ps1", "assignments/ps1/alice", "api/assignments",
                     "api/session", "export?format=nbgrader"]:
            status, _, body = anonymous.get(path)
            self.assertEqual(status, 401, f"{path}: {body}")
        status, _ = anonymous.post_grade(csrf="", assignment="ps1", student="alice", grade_id="essay", points=1)
        self.assertEqual(status, 401)
        self.assertEqual(manual_files(), [])

    def test_wrong_token_refused(self):
        client = SERVER.client(login=False)
        self.assertEqual(client.get("?token=" + "0" * len(SERVER.token))[0], 401)
        self.assertEqual(client.get("api/assignments", {"Authorization": "token nope"})[0], 401)

    def test_token_gives_a_strict_cookie_and_leaves_the_url(self):
        client = SERVER.client(login=False)
        status, headers, _ = client.get("assignments/ps1?token=" + SERVER.token)
        self.assertEqual(status, 303)
        self.assertNotIn("token", headers["Location"])
        cookie = headers["Set-Cookie"]
        for attribute in ("HttpOnly", "SameSite=Strict", "Path=/"):
            self.assertIn(attribute, cookie)
        status, headers, body = client.get("assignments/ps1")
        self.assertEqual(status, 200, body)
        csp = headers["Content-Security-Policy"]
        self.assertIn("default-src 'none'", csp)
        self.assertIn("script-src 'self';", csp)  # this origin's files only: no inline script
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertEqual(headers["Referrer-Policy"], "no-referrer")
        self.assertEqual(re.findall(r"<script(?! src=)", body), [])

    def test_static_files_need_the_session_and_are_cached_by_version(self):
        client = SERVER.client()
        body = client.get("assignments/ps1/alice")[2]
        script = re.search(r'<script src="/(static/formgrader\.js\?v=\w+)"', body).group(1)
        self.assertEqual(SERVER.client(login=False).get(script)[0], 401)
        status, headers, text = client.get(script)
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/javascript"), headers["Content-Type"])
        self.assertIn("immutable", headers["Cache-Control"])
        self.assertIn("api/grade", text)
        self.assertIn(client.get("static/../records")[0], (400, 404))
        self.assertEqual(client.get("static/nothing.js")[0], 404)

    def test_pages_compressed_with_gzip_even_when_brotli_is_accepted(self):
        # cpp-httplib's Brotli runs at its slowest quality: 750 ms for a 200-submission page.
        client = SERVER.client()
        status, headers, _ = client.request("assignments/ps1", headers={"Accept-Encoding": "gzip, deflate, br"},
                                            decode=False)
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Encoding"], "gzip")

    def test_authorization_header(self):
        client = SERVER.client(login=False)
        status, _, body = client.get("api/assignments", {"Authorization": "token " + SERVER.token})
        self.assertEqual(status, 200, body)
        self.assertIn('"ps1"', body)


class Csrf(unittest.TestCase):
    def test_post_without_or_with_a_wrong_csrf_token_is_refused(self):
        client = SERVER.client()
        for token in ("", "0" * 64, SERVER.client().csrf):  # none, forged, another session's
            status, reply = client.post_grade(csrf=token, assignment="ps1", student="bob", grade_id="essay",
                                              points=1)
            self.assertEqual(status, 403, reply)
        self.assertFalse([f for f in manual_files() if f"{os.sep}bob{os.sep}" in f])


class BadInput(unittest.TestCase):
    def post(self, **fields):
        grade = {"assignment": "ps1", "student": "bob", "notebook": "problem1.ipynb", "grade_id": "essay",
                 "points": 1}
        grade.update(fields)
        return SERVER.client().post_grade(**grade)

    def test_refusals(self):
        cases = [({"points": 3.5}, 400, "between 0 and 3"), ({"points": -1}, 400, "negative"),
                 ({"points": "abc"}, 400, "not a number"), ({"points": None}, 400, "number"),
                 ({"points": "1.25"}, 400, "multiple of 0.5"), ({"grade_id": "no_such_cell"}, 404, "no cell"),
                 ({"student": "nobody"}, 404, "nobody"), ({"assignment": "ps9"}, 404, ""),
                 ({"student": "../alice"}, 400, "student id"), ({"grade_id": "test_f"}, 400, "needs a reason")]
        for fields, status, text in cases:
            with self.subTest(fields=fields):
                got, reply = self.post(**fields)
                self.assertEqual(got, status, reply)
                self.assertIn(text, reply["error"])
        self.assertFalse([f for f in manual_files() if f"{os.sep}bob{os.sep}" in f])

    def test_body_not_json(self):
        client = SERVER.client()
        status, _, body = client.request("api/grade", b"points=1", {"X-CSRF-Token": client.csrf}, "POST")
        self.assertEqual(status, 400, body)


class Grading(unittest.TestCase):
    def test_grade_essay_then_verify_and_export(self):
        client = SERVER.client()
        before = client.get_json("api/assignments/ps1/submissions/alice")
        self.assertEqual(before["totals"]["manual_pending"], 1)
        status, reply = client.post_grade(assignment="ps1", student="alice", notebook="problem1.ipynb",
                                          grade_id="essay", points="2.5", comment="clear", expected_record_id="")
        self.assertEqual(status, 200, reply)
        self.assertEqual(reply["totals"], {"points": "4.5", "max": "5", "manual_pending": 0})
        self.assertEqual(reply["grader"], "ta-one")
        run = run_gradebox("verify", os.path.join(COURSE, "records"), "--course", COURSE, check=False)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        after = client.get_json("api/assignments/ps1/submissions/alice")
        essay = [c for c in after["notebooks"][0]["cells"] if c["grade_id"] == "essay"][0]
        self.assertEqual((essay["points"], essay["comment"], essay["record_id"]), ("2.5", "clear", reply["record_id"]))
        status, _, body = client.get("export?format=nbgrader")
        self.assertEqual(status, 200, body)
        rows = {r["student_id"]: r for r in csv.DictReader(io.StringIO(body))}
        self.assertEqual(float(rows["alice"]["score"]), 4.5)

    def test_override_a_test_cell_with_a_reason(self):
        client = SERVER.client()
        status, reply = client.post_grade(assignment="ps1", student="bob", notebook="problem1.ipynb",
                                          grade_id="test_f", points=1, reason="off by one only")
        self.assertEqual(status, 200, reply)
        cells = client.get_json("api/assignments/ps1/submissions/bob")["notebooks"][0]["cells"]
        test = [c for c in cells if c["grade_id"] == "test_f"][0]
        self.assertEqual((test["points"], test["comment"], test["manually_graded"]), ("1", "off by one only", True))

    def test_pages_render(self):
        client = SERVER.client()
        for path, needle in [("", "ps1"), ("assignments/ps1?sort=-score", "<svg"), ("overview", "alice"),
                             ("assignments/ps1/bob", 'data-grade-id="essay"')]:
            status, _, body = client.get(path)
            self.assertEqual(status, 200, path)
            self.assertIn(needle, body, path)
        self.assertEqual(client.get("assignments/ps1/nobody")[0], 404)


class Anonymous(unittest.TestCase):
    def test_pseudonyms_hide_ids_and_stay_stable(self):
        first = Formgrader(COURSE, "--anonymous")
        try:
            client = first.client()
            listing = client.get_json("api/assignments/ps1/submissions")["submissions"]
            names = sorted(row["student"] for row in listing)
            self.assertTrue(all(n.startswith("anon-") for n in names), names)
            for path in ["assignments/ps1", "overview", "assignments/ps1/" + names[0]]:
                body = client.get(path)[2]
                self.assertNotIn("alice", body, path)
                self.assertNotIn("bob", body, path)
            self.assertEqual(client.get("export?format=nbgrader")[0], 403)
        finally:
            first.stop()
        second = Formgrader(COURSE, "--anonymous")
        try:  # a new server knows the same pseudonyms (a bookmark still works)
            client = second.client()
            self.assertEqual(client.get("assignments/ps1/" + names[0])[0], 200)
        finally:
            second.stop()


if __name__ == "__main__":
    unittest.main()
