"""Printed output through jupyter_client and nbclient: coalesced stream messages, fd 1/2 of the
session (os.system, subprocesses) and the output byte limit."""
import unittest

import nbformat
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient

import kernel_test_support as support

KERNEL = support.install_kernelspec("--memory", "512M", "--output-limit", "1M",
                                    name="gradebox-output")


def streams(outputs, name="stdout"):
    return [m for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == name]


def text_of(messages):
    return "".join(m["content"]["text"] for m in messages)


class StreamOutputTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)

    def test_print_loop_arrives_complete_in_few_messages(self):
        reply, outputs = support.run_cell(self.kc, "for i in range(3000):\n    print('line', i)")
        self.assertEqual(reply["status"], "ok")
        stdout = streams(outputs)
        self.assertEqual(text_of(stdout), "".join(f"line {i}\n" for i in range(3000)))
        self.assertLessEqual(len(stdout), 10, "each write() was its own iopub message")

    def test_output_streams_while_the_cell_runs(self):
        msg_id = self.kc.execute("import time\nprint('early')\ntime.sleep(3)\nprint('late')")
        while True:
            msg = self.kc.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                break
        self.assertEqual(msg["content"]["text"], "early\n")  # long before the cell ends
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["content"]["status"], "ok")

    def test_os_system_output_appears_in_order(self):
        reply, outputs = support.run_cell(
            self.kc,
            "import os, subprocess\n"
            "print('before')\n"
            "os.system('echo hi')\n"
            "subprocess.run(['sh', '-c', 'echo oops >&2'])\n"
            "print('after')")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(text_of(streams(outputs)), "before\nhi\nafter\n")
        self.assertEqual(text_of(streams(outputs, "stderr")), "oops\n")

    def test_c_level_write_to_fd_1_appears(self):
        reply, outputs = support.run_cell(self.kc, "import os\nos.write(1, 'é ü\\n'.encode())")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(text_of(streams(outputs)), "é ü\n")

    def test_stdout_and_stderr_keep_their_interleaving(self):
        reply, outputs = support.run_cell(
            self.kc, "import sys\nprint('a')\nprint('b', file=sys.stderr)\nprint('c')")
        sequence = [(m["content"]["name"], m["content"]["text"]) for m in outputs
                    if m["msg_type"] == "stream"]
        self.assertEqual(sequence, [("stdout", "a\n"), ("stderr", "b\n"), ("stdout", "c\n")])

    def test_output_before_a_display_stays_before_it(self):
        reply, outputs = support.run_cell(
            self.kc, "from IPython.display import display, HTML\n"
                     "print('first')\ndisplay(HTML('<b>second</b>'))\nprint('third')")
        kinds = [m["msg_type"] for m in outputs if m["msg_type"] in ("stream", "display_data")]
        self.assertEqual(kinds, ["stream", "display_data", "stream"])

    def test_a_single_large_write_does_not_pass_the_byte_limit(self):
        reply, outputs = support.run_cell(self.kc, "print('x' * (10 << 20))", timeout=60)
        self.assertLessEqual(len(text_of(streams(outputs)).encode()), 1 << 20)
        self.assertEqual(reply["status"], "error")
        errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
        self.assertIn("OutputLimitError", [e["ename"] for e in errors])
        reply, outputs = support.run_cell(self.kc, "print('still here')")
        self.assertEqual(text_of(streams(outputs)), "still here\n")


class NotebookOutputTests(unittest.TestCase):
    def test_nbclient_saves_a_print_loop_as_few_outputs(self):
        nb = nbformat.v4.new_notebook()
        nb.cells.append(nbformat.v4.new_code_cell("for i in range(3000):\n    print(i)"))
        NotebookClient(nb, kernel_name=KERNEL, timeout=60, startup_timeout=60).execute()
        outputs = nb.cells[0].outputs
        self.assertLessEqual(len(outputs), 10)
        self.assertEqual("".join(o["text"] for o in outputs),
                         "".join(f"{i}\n" for i in range(3000)))


if __name__ == "__main__":
    unittest.main(verbosity=2)
