"""Shared by the formgrader tests: a small real course (released, autograded, signed records) and a
running `gradebox formgrader` with a urllib client that keeps its session cookie."""
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request

GRADEBOX = os.environ.get("GRADEBOX", "gradebox")


def nbgrader(grade_id, grade, solution, points=None):
    meta = {"grade": grade, "solution": solution, "locked": not solution, "grade_id": grade_id,
            "schema_version": 3}
    if grade:
        meta["points"] = points
    return meta


def source_notebook():
    """An essay (manual, 3 points), a code answer and its test (2 points)."""
    cells = [
        {"cell_type": "markdown", "metadata": {"nbgrader": nbgrader("essay", True, True, 3)},
         "source": "YOUR ANSWER HERE"},
        {"cell_type": "code", "execution_count": None, "outputs": [],
         "metadata": {"nbgrader": nbgrader("answer", False, True)},
         "source": "### BEGIN SOLUTION\ndef f(x):\n    return x\n### END SOLUTION\n"},
        {"cell_type": "code", "execution_count": None, "outputs": [],
         "metadata": {"nbgrader": nbgrader("test_f", True, False, 2)},
         "source": "assert f(1) == 1\n"},
    ]
    return {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def run_gradebox(*args, check=True):
    run = subprocess.run([GRADEBOX, *args], capture_output=True, text=True, timeout=300)
    if check and run.returncode != 0:
        raise AssertionError(f"gradebox {' '.join(args)} exited {run.returncode}\n{run.stdout}\n{run.stderr}")
    return run


def make_course():
    """A released, autograded course: alice answers everything, bob answers wrongly."""
    work = tempfile.mkdtemp(prefix="gradebox-formgrader-")
    os.chmod(work, 0o755)  # the sandbox user must reach the grading dirs
    course = os.path.join(work, "course")
    write(os.path.join(course, "source", "ps1", "problem1.ipynb"), json.dumps(source_notebook()))
    run_gradebox("keygen", "--course", course)
    run_gradebox("release", "ps1", "--course", course)
    with open(os.path.join(course, "release", "ps1", "problem1.ipynb"), encoding="utf-8") as f:
        released = json.load(f)
    answers = {"alice": ("Sandboxes keep student code away from keys.", "def f(x):\n    return x\n"),
               "bob": ("I do not know.", "def f(x):\n    return 0\n")}
    for student, (essay, code) in answers.items():
        nb = json.loads(json.dumps(released))
        for cell in nb["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if grade_id == "essay":
                cell["source"] = essay
            elif grade_id == "answer":
                cell["source"] = code
        write(os.path.join(course, "submitted", student, "ps1", "problem1.ipynb"), json.dumps(nb))
    run_gradebox("autograde", "ps1", "--course", course, check=False)
    return work, course


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Formgrader:
    """A running `gradebox formgrader` on a free localhost port."""

    def __init__(self, course, *extra):
        self.process = subprocess.Popen([GRADEBOX, "formgrader", "--course", course, "--port", "0", *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"(http://\S+)\?token=(\w+)", line)
        if not match:
            self.stop()
            raise AssertionError(f"no URL printed: {line!r} {self.process.stderr.read()}")
        self.base, self.token = match.group(1), match.group(2)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream:
                stream.close()

    def client(self, login=True):
        client = Client(self.base)
        if login:
            client.get("?token=" + self.token)
            client.csrf = client.get_json("api/session")["csrf_token"]
        return client


class Client:
    """urllib with a cookie jar, no redirects followed; answers (status, headers, body)."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.csrf = ""

    def request(self, path, data=None, headers=None, method=None, decode=True):
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {}, method=method)
        try:
            with self.opener.open(request, timeout=30) as response:
                body = response.read()
                return response.status, response.headers, body.decode("utf-8") if decode else body
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8")
            return error.code, error.headers, body

    def get(self, path, headers=None):
        return self.request(path, headers=headers)

    def get_json(self, path):
        status, _, body = self.get(path)
        if status != 200:
            raise AssertionError(f"GET {path}: {status} {body}")
        return json.loads(body)

    def post_grade(self, csrf=None, **fields):
        headers = {"Content-Type": "application/json"}
        token = self.csrf if csrf is None else csrf
        if token:
            headers["X-CSRF-Token"] = token
        status, _, body = self.request("api/grade", json.dumps(fields).encode(), headers, "POST")
        return status, json.loads(body) if body.startswith("{") else body


def remove(work):
    shutil.rmtree(work, ignore_errors=True)
