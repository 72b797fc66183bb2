"""Shell commands in gradebox-kernel through jupyter_client, as ipykernel runs them: `!cmd` with
{var} expansion, `x = !cmd`, `!!cmd`, %sx, %system, %%bash, %%sh, the exit code in _exit_code,
an interrupt that ends the command and not the cell, %pip install refused at once, and the
command confined like the session (no reading outside its view, no writing outside its folder).
"""
import os
import shutil
import tempfile
import threading
import time
import unittest

from jupyter_client.manager import start_new_kernel

import kernel_test_support as support

KERNEL = support.install_kernelspec("--memory", "512M", "--cell-timeout", "60",
                                    name="gradebox-shell")


def stdout_of(outputs):
    return "".join(m["content"]["text"] for m in outputs
                   if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def stderr_of(outputs):
    return "".join(m["content"]["text"] for m in outputs
                   if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")


def result_of(outputs):
    results = [m["content"]["data"]["text/plain"] for m in outputs
               if m["msg_type"] == "execute_result"]
    return results[0] if results else None


class ShellCommandTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory(prefix="gradebox-shell-cwd-")
        os.chmod(cls.folder.name, 0o777)
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60,
                                          cwd=cls.folder.name)
        support.run_cell(cls.kc, "pass")  # the sandbox is up: an interrupt before is ignored

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)
        cls.folder.cleanup()

    def run_ok(self, code, timeout=60):
        reply, outputs = support.run_cell(self.kc, code, timeout=timeout)
        self.assertEqual(reply["status"], "ok", (code, reply, outputs))
        return outputs

    def test_bang_streams_output_in_order_with_prints(self):
        outputs = self.run_ok("print('before')\n!echo during\nprint('after')")
        self.assertEqual(stdout_of(outputs), "before\nduring\nafter\n")

    def test_variables_expand_and_the_exit_code_is_kept(self):
        outputs = self.run_ok("word = 'expanded'\n!echo {word} $word\n!exit 3\nprint(_exit_code)")
        self.assertEqual(stdout_of(outputs), "expanded expanded\n3\n")

    def test_stderr_of_a_command_is_stderr(self):
        outputs = self.run_ok("!echo oops >&2")
        self.assertEqual(stderr_of(outputs), "oops\n")

    def test_capture_into_a_list(self):
        outputs = self.run_ok("!echo one > listed.txt\nfiles = !ls\nprint(type(files).__name__,"
                              " 'listed.txt' in files)")
        self.assertEqual(stdout_of(outputs), "SList True\n")

    def test_sx_system_and_double_bang_return_the_lines(self):
        for code in ("%sx echo a; echo b", "%system echo a; echo b", "!!echo a; echo b"):
            outputs = self.run_ok(code)
            self.assertEqual(result_of(outputs), "['a', 'b']", code)

    def test_bash_and_sh_cell_magics(self):
        outputs = self.run_ok("%%bash\necho bash $((6 * 7))\necho warned >&2")
        self.assertEqual(stdout_of(outputs), "bash 42\n")
        self.assertEqual(stderr_of(outputs), "warned\n")
        self.assertEqual(stdout_of(self.run_ok("%%sh\necho sh here")), "sh here\n")

    def test_an_interrupt_ends_the_command_and_the_cell_goes_on(self):
        timer = threading.Timer(2.0, self.km.interrupt_kernel)
        timer.start()
        started = time.monotonic()
        outputs = self.run_ok("!sleep 40; echo not reached\nprint('cell went on', _exit_code)")
        timer.join()
        self.assertLess(time.monotonic() - started, 20)
        self.assertNotIn("not reached", stdout_of(outputs))
        self.assertIn("cell went on", stdout_of(outputs))
        sleeping = [p for p in support.process_tree(support.kernel_pid(self.km))
                    if open(f"/proc/{p}/comm").read().strip() == "sleep"]
        self.assertEqual(sleeping, [])

    def test_pip_install_is_refused_at_once_with_the_reason(self):
        started = time.monotonic()
        reply, outputs = support.run_cell(self.kc, "%pip install requests")
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(reply["status"], "error")
        errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(errors[0]["ename"], "UsageError")
        self.assertIn("no network", errors[0]["evalue"])

    def test_pip_list_runs(self):
        outputs = self.run_ok("%pip list --disable-pip-version-check")
        self.assertIn("IPython", stdout_of(outputs).replace("ipython", "IPython"))

    def test_commands_stay_inside_the_sandbox(self):
        outside = tempfile.mkdtemp(prefix="gradebox-shell-outside-")
        os.chmod(outside, 0o777)
        try:
            outputs = self.run_ok(f"!touch {outside}/escaped; cat /etc/shadow; echo done")
            self.assertEqual(os.listdir(outside), [])
            self.assertIn("done", stdout_of(outputs))
            self.assertNotIn("root:", stdout_of(outputs))
        finally:
            shutil.rmtree(outside, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
