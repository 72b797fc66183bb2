"""gradebox-kernel against jupyter_kernel_test's protocol checks (Debian python3-jupyter-kernel-test)."""
import unittest

import jupyter_kernel_test

import kernel_test_support

KERNEL = kernel_test_support.install_kernelspec("--memory", "1G")


class GradeboxKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL
    language_name = "python"
    file_extension = ".py"

    code_hello_world = "print('hello, world')"
    code_stderr = "import sys; print('test', file=sys.stderr)"

    completion_samples = [{"text": "zi", "matches": {"zip"}}]
    complete_code_samples = ["1", "print('hello, world')", "def f(x):\n  return x*2\n\n\n"]
    incomplete_code_samples = ["print('''hello", "def f(x):\n  x*2"]
    invalid_code_samples = ["import = 7q"]

    code_page_something = "print?"
    code_generate_error = "raise ValueError('boom')"

    code_execute_result = [
        {"code": "1+2+3", "result": "6"},
        {"code": "[n*n for n in range(1, 4)]", "result": "[1, 4, 9]"},
    ]
    code_display_data = [
        {"code": "from IPython.display import HTML, display; display(HTML('<b>test</b>'))",
         "mime": "text/html"},
        {"code": "from IPython.display import Math, display; display(Math('\\\\frac{1}{2}'))",
         "mime": "text/latex"},
    ]

    code_history_pattern = "1?2*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "zip"
    code_clear_output = "from IPython.display import clear_output; print('x'); clear_output()"

    def test_kernel_info_names_gradebox_and_limits(self):
        self.flush_channels()
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=10)
        content = reply["content"]
        self.assertEqual(content["implementation"], "gradebox")
        self.assertRegex(content["language_info"]["version"], r"^3\.\d+\.\d+")
        self.assertIn("memory 1 GiB", content["banner"])
        self.assertRegex(content["banner"], r"Isolation level: (cgroup2|cgroup1|rlimit)\n")
        kernel_test_support.run_cell(self.kc, "pass")  # the sandbox is up: layers are known
        self.kc.kernel_info()
        banner = self.kc.get_shell_msg(timeout=10)["content"]["banner"]
        self.assertRegex(banner, r"Sandbox layers: .*seccomp")

    def test_input_request_round_trip(self):
        self.flush_channels()
        msg_id = self.kc.execute("name = input('who? '); print('hi', name)", allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=20)
        self.assertEqual(request["msg_type"], "input_request")
        self.assertEqual(request["content"]["prompt"], "who? ")
        self.kc.input("ada")
        reply = self.kc.get_shell_msg(timeout=20)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        texts = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=5)
            if msg["msg_type"] == "stream":
                texts.append(msg["content"]["text"])
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        self.assertIn("hi ada", "".join(texts))


if __name__ == "__main__":
    unittest.main(verbosity=2)
