#!/usr/bin/env python3
"""Browser check of feedback pages: headless Chromium loads the page `gradebox feedback` writes for a
submission autograded for real, whose answer cell prints and displays hostile output; each piece
would change document.title if any script ran, and the title must be unchanged. A control page first proves this Chromium does run inline script (so the check can
fail). Also takes a screenshot for a person to look at.

usage: browser_check.py GRADEBOX_BINARY WORK_DIR     exit 0 pass, 1 fail, 77 skipped (no chromium)
"""
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
EXPECTED_TITLE = "ps1 / problem1.ipynb - mallory"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--virtual-time-budget=3000"]

# A 1x1 red PNG, so the screenshot shows an inline image.
RED_PIXEL_PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSu"
                 "QmCC")


def hostile(n):
    return f"document.title='PWNED-{n}'"


def nbgrader(grade_id, grade, solution, points=None):
    meta = {"grade": grade, "solution": solution, "locked": not solution, "grade_id": grade_id,
            "schema_version": 3}
    if grade:
        meta["points"] = points
    return meta


def hostile_answer():
    """The student's answer cell: its outputs, made when autograde runs it, are the attack."""
    bundles = [
        {"text/html": f"<img src=x onerror=\"{hostile(5)}\"><b>bold?</b>"},
        {"image/svg+xml": f"<svg xmlns='http://www.w3.org/2000/svg' onload=\"{hostile(6)}\"/>"},
        {"text/markdown": f"[md link](javascript:{hostile(7)}) <iframe srcdoc=\"<script>{hostile(8)}</script>\"></iframe>"},
        {"image/png": RED_PIXEL_PNG + "\n"},
        {"image/png": f"x\" onerror=\"{hostile(9)}"},
    ]
    lines = ["def f(x):", "    return x", "from IPython.display import display",
             f"print({f'<script>{hostile(4)}</script>'!r})"]
    lines += [f"display({bundle!r}, raw=True)" for bundle in bundles]
    return "\n".join(lines) + "\n"


def source_notebook():
    cells = [
        {"cell_type": "markdown", "metadata": {},
         "source": f"# Problem 1\n\n<script>{hostile(1)}</script>\n\n"
                   f"[click me](javascript:{hostile(2)})\n\n<img src=x onerror=\"{hostile(3)}\">\n\n"
                   "| table | ok |\n|---|---|\n| 1 | 2 |\n"},
        {"cell_type": "code", "execution_count": None, "outputs": [],
         "metadata": {"nbgrader": nbgrader("answer", False, True)},
         "source": "### BEGIN SOLUTION\ndef f(x):\n    return x\n### END SOLUTION\n"},
        {"cell_type": "code", "execution_count": None, "outputs": [],
         "metadata": {"nbgrader": nbgrader("test_f", True, False, 2)},
         "source": "assert f(1) == 1\n### BEGIN HIDDEN TESTS\nassert f(2) == 'HIDDEN'\n### END HIDDEN TESTS\n"},
        {"cell_type": "code", "execution_count": None, "outputs": [],
         "metadata": {"nbgrader": nbgrader("test_g", True, False, 1)},
         "source": "assert f(3) == 3\nprint('Success!')\n"},
    ]
    return {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}}}


def run_gradebox(gradebox, course, *args):
    run = subprocess.run([gradebox, *args, "--course", course], capture_output=True, text=True,
                         timeout=180)
    print(run.stdout, end="")
    if run.returncode not in (0, 1) or (args[0] != "autograde" and run.returncode != 0):
        raise SystemExit(f"FAIL: gradebox {' '.join(args)} exited {run.returncode}\n{run.stderr}")


def make_course(gradebox, course):
    """A real course: released, the hostile answer submitted, autograded (signed records)."""
    write(os.path.join(course, "source", "ps1", "problem1.ipynb"), json.dumps(source_notebook()))
    run_gradebox(gradebox, course, "keygen")
    run_gradebox(gradebox, course, "release", "ps1")
    with open(os.path.join(course, "release", "ps1", "problem1.ipynb"), encoding="utf-8") as f:
        submitted = json.load(f)
    for cell in submitted["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "answer":
            cell["source"] = hostile_answer()
    write(os.path.join(course, "submitted", "mallory", "ps1", "problem1.ipynb"), json.dumps(submitted))
    run_gradebox(gradebox, course, "autograde", "ps1")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def chromium(binary, page, extra):
    with tempfile.TemporaryDirectory(prefix="gradebox-chromium-") as profile:
        result = subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra,
                                 "file://" + page], capture_output=True, text=True, timeout=90)
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-2000:])
        raise SystemExit(f"FAIL: chromium exited {result.returncode} on {page}")
    return result.stdout


class DomAudit(html.parser.HTMLParser):
    """Collects the title and anything in the rendered DOM that could run script."""

    def __init__(self):
        super().__init__()
        self.title, self.in_title, self.dangers = "", False, []

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        if tag in ("script", "iframe", "object", "embed", "svg", "form", "base"):
            self.dangers.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.dangers.append(f"{name}= on <{tag}>")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith(
                    ("javascript:", "vbscript:")):
                self.dangers.append(f"{name}={value!r} on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def audit(dom):
    parser = DomAudit()
    parser.feed(dom)
    return parser.title.strip(), parser.dangers


def main():
    gradebox, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        print("SKIP: chromium is not installed (scripts/install-deps.sh installs it)")
        return SKIP
    shutil.rmtree(work, ignore_errors=True)
    course = os.path.join(work, "course")
    make_course(gradebox, course)

    # Control: this Chromium, with these flags, does run inline script and report it in the DOM.
    control = os.path.join(work, "control.html")
    write(control, "<!DOCTYPE html><title>before</title><script>document.title='SCRIPT-RAN'</script>")
    title, _ = audit(chromium(binary, control, ["--dump-dom"]))
    if title != "SCRIPT-RAN":
        print(f"FAIL: control page title is {title!r}: this check could not detect script")
        return 1

    run = subprocess.run([gradebox, "feedback", "ps1", "--course", course], capture_output=True,
                         text=True, timeout=60)
    print(run.stdout, end="")
    if run.returncode != 0:
        print(f"FAIL: gradebox feedback exited {run.returncode}\n{run.stderr}")
        return 1
    page = os.path.join(course, "feedback", "mallory", "ps1", "problem1.html")
    title, dangers = audit(chromium(binary, page, ["--dump-dom"]))
    screenshot = os.path.join(work, "feedback.png")
    chromium(binary, page, [f"--screenshot={screenshot}", "--window-size=1100,1700"])

    failures = []
    if title != EXPECTED_TITLE:
        failures.append(f"document.title changed to {title!r} (expected {EXPECTED_TITLE!r})")
    failures += [f"rendered DOM holds {d}" for d in dangers]
    if not os.path.isfile(screenshot) or os.path.getsize(screenshot) < 1000:
        failures.append(f"no screenshot written at {screenshot}")
    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print(f"title unchanged ({title!r}), no script-capable element in the DOM; screenshot {screenshot}")
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
