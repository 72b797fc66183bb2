"""What setup.py scripts share: a student's submission made from a demo student's, with one
solution cell's code replaced by the attack. A setup.py does
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from attack_setup import submit_with_solution
    submit_with_solution(course, "eve", "squares", ATTACK + ORIGINAL)"""
import json
import os
import shutil


def submit_with_solution(course, student, grade_id, source, notebook="problem1.ipynb", like="alice",
                         assignment="ps1"):
    """submitted/<student>/<assignment>/ as a copy of <like>'s, the solution cell `grade_id` of
    `notebook` holding `source`. mallory's fork bomb is left out: at the non-root rlimit level its
    sleepers outlive her session (issue 17 item 8), which the runner's process audit would report."""
    target = os.path.join(course, "submitted", student, assignment)
    if not os.path.exists(target):
        shutil.copytree(os.path.join(course, "submitted", like, assignment), target)
    path = os.path.join(target, notebook)
    with open(path) as f:
        nb = json.load(f)
    cells = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id]
    assert len(cells) == 1, f"{notebook} has no cell {grade_id}"
    cells[0]["source"] = source
    with open(path, "w") as f:
        json.dump(nb, f, indent=1)
    shutil.rmtree(os.path.join(course, "submitted", "mallory"), ignore_errors=True)


def cell_outputs_text(autograded_notebook):
    """The text of every output of a graded notebook (streams, results, errors)."""
    with open(autograded_notebook) as f:
        nb = json.load(f)
    texts = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain") or \
                output.get("evalue", "")
            texts.append("".join(text) if isinstance(text, list) else text)
    return "\n".join(texts)
