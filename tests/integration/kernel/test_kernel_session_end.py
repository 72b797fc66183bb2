"""How a cell ends the session, as in ipykernel, through jupyter_client: exit() and quit() reply
"ok" with the ask_exit payload and the kernel process ends (Jupyter's restarter starts a new
one); exit(keep_kernel=True) only tells the frontend; sys.exit() is a SystemExit error and the
kernel stays.
"""
import time
import unittest

from jupyter_client.manager import start_new_kernel

import kernel_test_support as support

KERNEL = support.install_kernelspec("--memory", "512M", name="gradebox-session-end")


class SessionEndTests(unittest.TestCase):
    def setUp(self):
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)
        self.tree = support.process_tree(support.kernel_pid(self.km))

    def tearDown(self):
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=True)
        self.assertEqual(support.wait_gone(self.tree), [])

    def wait_dead(self, seconds=10):
        deadline = time.monotonic() + seconds
        while self.km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        return not self.km.is_alive()

    def test_exit_and_quit_end_the_kernel_after_replying(self):
        for call in ("exit()", "quit()"):
            with self.subTest(call=call):
                reply, _ = support.run_cell(self.kc, f"x = 1\n{call}\nprint('not after exit')")
                self.assertEqual(reply["status"], "ok", reply)
                self.assertEqual(reply["payload"], [{"source": "ask_exit", "keepkernel": False}])
                self.assertTrue(self.wait_dead(), "the kernel is still running")
                self.km.restart_kernel(now=True)
                self.kc.wait_for_ready(timeout=60)
                reply, outputs = support.run_cell(self.kc, "print('x' in globals())")
                self.assertEqual(reply["status"], "ok")
                self.assertEqual(outputs[-1]["content"]["text"], "False\n")

    def test_exit_keeping_the_kernel_only_tells_the_frontend(self):
        reply, _ = support.run_cell(self.kc, "y = 2\nexit(keep_kernel=True)")
        self.assertEqual(reply["payload"], [{"source": "ask_exit", "keepkernel": True}])
        time.sleep(0.5)
        self.assertTrue(self.km.is_alive())
        reply, outputs = support.run_cell(self.kc, "print(y)")
        self.assertEqual(outputs[-1]["content"]["text"], "2\n")

    def test_sys_exit_is_an_error_and_the_kernel_stays(self):
        reply, outputs = support.run_cell(self.kc, "z = 3\nimport sys\nsys.exit(4)")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "SystemExit")
        time.sleep(0.5)
        self.assertTrue(self.km.is_alive())
        reply, outputs = support.run_cell(self.kc, "print(z)")
        self.assertEqual(outputs[-1]["content"]["text"], "3\n")


if __name__ == "__main__":
    unittest.main(verbosity=2)
