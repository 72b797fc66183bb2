#!/usr/bin/python3
"""The floors autograde is compared with: the code cells of the given autograded notebooks run in
one warm python3 (numpy and IPython imported before the clock starts), with no isolation at all.

  ipython               the floor: each notebook's cells run by IPython's run_cell (the shell
                        reset per notebook), as a Jupyter kernel runs them (magics, display
                        hook, tracebacks); only IPython runs every notebook cell (`%matplotlib`)
  exec                  a lower bound: the same cells exec'd in a fresh namespace, no IPython
  fork+exec             a fresh forked process per notebook, cells exec'd: the least any
                        process-per-notebook design pays, with no sandbox, cgroup or record
  fork+ipython          the same through IPython's run_cell

Prints one line per floor: name, submissions/s, CPU ms per submission (children included).
Usage: bench/autograde_floors.py NOTEBOOKS_PER_SUBMISSION NOTEBOOK.ipynb..."""
import contextlib
import gc
import io
import json
import os
import sys
import time
import traceback

import numpy  # noqa: F401  warm, like the zygote
from IPython.core.interactiveshell import InteractiveShell


def code_cells(path):
    with open(path, encoding="utf-8") as f:
        cells = json.load(f)["cells"]
    return [("".join(c["source"]) if isinstance(c["source"], list) else c["source"])
            for c in cells if c["cell_type"] == "code"]


def run_exec(cells, fresh_process=False):
    namespace = {"__name__": "__main__"}
    for source in cells:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                exec(compile(source, "<cell>", "exec"), namespace)
            except Exception:
                traceback.format_exc()


def make_run_ipython():
    shell = InteractiveShell.instance(history_length=0)
    shell.history_manager.enabled = False

    def run(cells, fresh_process=False):
        if not fresh_process:
            shell.reset(new_session=False)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            for source in cells:
                shell.run_cell(source, store_history=True)
    # Warm, as the zygote is: a failing cell parses interactiveshell.py once for its traceback
    # (~0.1 s), which every fresh fork would otherwise repeat.
    run(["pass", "raise ValueError('warm-up')"])
    return run


def forked(run):
    def in_child(cells):
        pid = os.fork()
        if pid == 0:
            run(cells, fresh_process=True)
            os._exit(0)
        os.waitpid(pid, 0)
    return in_child


def measure(run, notebooks):
    """Runs every notebook once (each in its own directory); wall s and CPU s, children included."""
    before, start = os.times(), time.perf_counter()
    for directory, cells in notebooks:
        os.chdir(directory)
        run(cells)
    wall, after = time.perf_counter() - start, os.times()
    cpu = sum(getattr(after, k) - getattr(before, k)
              for k in ("user", "system", "children_user", "children_system"))
    return wall, cpu


def main():
    per_submission = int(sys.argv[1])
    notebooks = [(os.path.dirname(os.path.abspath(p)), code_cells(p)) for p in sys.argv[2:]]
    submissions = len(notebooks) / per_submission
    run_ipython = make_run_ipython()
    gc.freeze()  # as the zygote does before it forks
    floors = [("ipython", run_ipython), ("exec", run_exec),
              ("fork+exec", forked(run_exec)), ("fork+ipython", forked(run_ipython))]
    for name, run in floors:
        measure(run, notebooks[: max(1, len(notebooks) // 10)])  # warm the paths
        wall, cpu = measure(run, notebooks)
        print(f"{name} {submissions / wall:.2f} {cpu * 1000 / submissions:.2f}")


if __name__ == "__main__":
    main()
