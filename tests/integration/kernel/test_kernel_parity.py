"""IPython parity of gradebox-kernel through jupyter_client: aborted queued cells after an error,
a timeout reported alone."""
import time
import unittest

from jupyter_client.manager import start_new_kernel

import kernel_test_support as support

KERNEL = support.install_kernelspec("--memory", "512M", "--cell-timeout", "3",
                                    name="gradebox-parity")


def errors_of(outputs):
    return [m["content"] for m in outputs if m["msg_type"] == "error"]


class ParityTests(unittest.TestCase):
    def setUp(self):
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)

    def reply_to(self, msg_id, timeout=30):
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        return reply["content"]

    def test_a_queued_cell_after_an_error_is_aborted(self):
        support.run_cell(self.kc, "pass")  # the sandbox is up
        failing = self.kc.execute("import time; time.sleep(0.5); raise ValueError('first')")
        queued = self.kc.execute("print('must not run')")
        self.assertEqual(self.reply_to(failing)["status"], "error")
        self.assertEqual(self.reply_to(queued)["status"], "aborted")
        time.sleep(0.5)  # xeus aborts what arrives within 50 ms of the last aborted request
        reply, outputs = support.run_cell(self.kc, "print('next')")
        self.assertEqual(reply["status"], "ok")

    def test_a_timeout_reports_only_the_timeout(self):
        reply, outputs = support.run_cell(self.kc, "import time\ntime.sleep(30)", timeout=30)
        self.assertEqual(reply["status"], "error")
        self.assertEqual([e["ename"] for e in errors_of(outputs)], ["CellTimeoutError"])
        self.assertEqual(reply["ename"], "CellTimeoutError")



if __name__ == "__main__":
    unittest.main(verbosity=2)
