"""nbclient runs real notebooks with gradebox-kernel: an nbgrader fixture and %matplotlib inline."""
import os
import sys
import unittest

import nbformat
from nbclient import NotebookClient

import kernel_test_support

KERNEL = kernel_test_support.install_kernelspec()
FIXTURES = os.environ.get("GRADEBOX_FIXTURES", "")


def run_notebook(nb):
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=60, startup_timeout=60,
                            allow_errors=False)
    client.execute()
    return nb


class NotebookTests(unittest.TestCase):
    def test_nbgrader_fixture_with_outputs(self):
        path = os.path.join(FIXTURES, "apps", "test-with-output.ipynb")
        nb = nbformat.read(path, as_version=4)
        run_notebook(nb)
        code_cells = [c for c in nb.cells if c.cell_type == "code"]
        results = {"".join(c.source): c.outputs for c in code_cells}
        squares = results["squares(10)"]
        self.assertEqual(squares[0]["output_type"], "execute_result")
        self.assertEqual(squares[0]["data"]["text/plain"], "[1, 4, 9, 16, 25, 36, 49, 64, 81, 100]")
        self.assertEqual(results["sum_of_squares(10)"][0]["data"]["text/plain"], "385")
        for cell in code_cells:
            self.assertFalse([o for o in cell.outputs if o["output_type"] == "error"], cell.source)

    def test_matplotlib_inline_gives_png(self):
        try:
            import matplotlib  # noqa: F401  (the worker uses the same Debian module)
        except ImportError:
            self.skipTest("python3-matplotlib is not installed")
        nb = nbformat.v4.new_notebook()
        nb.cells = [
            nbformat.v4.new_code_cell("%matplotlib inline\nimport matplotlib.pyplot as plt"),
            nbformat.v4.new_code_cell("plt.plot([1, 2, 3], [1, 4, 9]);\nplt.show()"),
        ]
        run_notebook(nb)
        outputs = nb.cells[1].outputs
        pngs = [o for o in outputs if o["output_type"] == "display_data" and "image/png" in o["data"]]
        self.assertEqual(len(pngs), 1, outputs)


if __name__ == "__main__":
    unittest.main(verbosity=2)
