"""input() and getpass() through jupyter_client: the password flag, and an interrupt at a prompt."""
import time
import unittest

from jupyter_client.manager import start_new_kernel

import kernel_test_support as support

KERNEL = support.install_kernelspec("--memory", "512M")


class InputTests(unittest.TestCase):
    def setUp(self):
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)

    def stream_text(self, msg_id):
        texts = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                texts.append(msg["content"]["text"])
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(texts)

    def test_getpass_flags_the_request_as_a_password(self):
        msg_id = self.kc.execute("import getpass\nsecret = getpass.getpass('Key: ')\n"
                                 "print(len(secret))", allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=20)
        self.assertEqual(request["content"], {"prompt": "Key: ", "password": True})
        self.kc.input("hunter2")
        reply = self.kc.get_shell_msg(timeout=20)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(self.stream_text(msg_id), "7\n")

    def test_from_getpass_import_getpass_flags_it_too(self):
        self.kc.execute("from getpass import getpass\nx = getpass()", allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=20)
        self.assertTrue(request["content"]["password"])
        self.kc.input("x")
        self.assertEqual(self.kc.get_shell_msg(timeout=20)["content"]["status"], "ok")

    def test_input_is_not_a_password(self):
        self.kc.execute("x = input('name? ')", allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=20)
        self.assertEqual(request["content"], {"prompt": "name? ", "password": False})
        self.kc.input("ada")
        self.assertEqual(self.kc.get_shell_msg(timeout=20)["content"]["status"], "ok")

    def test_interrupt_at_an_input_prompt_ends_the_cell_at_once_and_keeps_the_session(self):
        support.run_cell(self.kc, "kept = 'state survives'")
        msg_id = self.kc.execute("answer = input('waiting: ')", allow_stdin=True)
        self.kc.get_stdin_msg(timeout=20)  # the prompt is shown
        started = time.monotonic()
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertLess(time.monotonic() - started, 3.0)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        # The session lives on: same variables, and a later input() is answered normally.
        reply, outputs = support.run_cell(self.kc, "print(kept)")
        self.assertEqual(reply["status"], "ok")
        self.assertIn("state survives", "".join(m["content"].get("text", "") for m in outputs))
        msg_id = self.kc.execute("print('got', input('again: '))", allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=20)
        self.assertEqual(request["content"]["prompt"], "again: ")
        self.kc.input("yes")
        self.assertEqual(self.kc.get_shell_msg(timeout=20)["content"]["status"], "ok")
        self.assertEqual(self.stream_text(msg_id), "got yes\n")

    def test_interrupt_on_the_control_channel_at_an_input_prompt(self):
        self.kc.execute("input('waiting: ')", allow_stdin=True)
        self.kc.get_stdin_msg(timeout=20)
        self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        reply, _ = support.run_cell(self.kc, "1 + 1")
        self.assertEqual(reply["status"], "ok")


if __name__ == "__main__":
    unittest.main(verbosity=2)
