"""input() and getpass() through jupyter_client: the password flag."""
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


if __name__ == "__main__":
    unittest.main(verbosity=2)
