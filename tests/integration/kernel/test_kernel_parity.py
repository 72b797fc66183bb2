"""IPython parity of gradebox-kernel through jupyter_client: aborted queued cells after an error,
%cd, completion types, a timeout reported alone, execution counts across a worker
restart, %load's set_next_input payload, multiprocessing (Pool, Lock, Queue) in the session."""
import os
import re
import time
import unittest

from jupyter_client.manager import start_new_kernel

import kernel_test_support as support

KERNEL = support.install_kernelspec("--memory", "512M", "--cell-timeout", "3",
                                    name="gradebox-parity")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


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

    def test_cd_magic_changes_the_directory(self):
        reply, outputs = support.run_cell(self.kc, "import os\nos.makedirs('sub', exist_ok=True)\n"
                                                   "%cd sub\nprint(os.getcwd())")
        self.assertEqual(reply["status"], "ok", reply)
        text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
        self.assertTrue(text.rstrip().endswith("/sub"), text)

    def test_completions_carry_types(self):
        support.run_cell(self.kc, "import os\nvalue = 1")
        msg_id = self.kc.complete("os.pa", 5)
        reply = self.reply_to(msg_id)
        self.assertIn("path", reply["matches"])
        types = reply["metadata"].get("_jupyter_types_experimental")
        self.assertTrue(types, reply)
        # One entry per match; the kind comes from jedi, or "<unknown>" when it timed out.
        self.assertEqual([t["text"] for t in types], reply["matches"])
        for entry in types:
            self.assertEqual(set(entry), {"start", "end", "text", "type", "signature"})
            self.assertIsInstance(entry["type"], str)

    def test_a_timeout_reports_only_the_timeout(self):
        reply, outputs = support.run_cell(self.kc, "import time\ntime.sleep(30)", timeout=30)
        self.assertEqual(reply["status"], "error")
        self.assertEqual([e["ename"] for e in errors_of(outputs)], ["CellTimeoutError"])
        self.assertEqual(reply["ename"], "CellTimeoutError")

    def test_execution_counts_continue_after_the_worker_restarts(self):
        for _ in range(3):
            support.run_cell(self.kc, "pass")
        reply, _ = support.run_cell(self.kc, "import os; os._exit(1)")
        self.assertEqual(reply["status"], "error")
        reply, outputs = support.run_cell(self.kc, "1/0")
        count = reply["execution_count"]
        self.assertGreaterEqual(count, 5)
        traceback = ANSI.sub("", "\n".join(errors_of(outputs)[0]["traceback"]))
        self.assertIn(f"In [{count}]", traceback)
        reply, outputs = support.run_cell(self.kc, "40 + 2")
        results = [m["content"] for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["execution_count"], reply["execution_count"])

    def test_load_puts_the_file_in_the_next_input(self):
        reply, _ = support.run_cell(self.kc, "with open('snippet.py', 'w') as f:\n"
                                             "    f.write('print(6 * 7)\\n')\n"
                                             "%load snippet.py")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(reply["payload"], [{"source": "set_next_input",
                                             "text": "# %load snippet.py\nprint(6 * 7)\n",
                                             "replace": True}])

    def test_multiprocessing_pool_and_locks_work_in_the_session(self):
        code = ("import multiprocessing as mp\n"
                "def square(x):\n"
                "    print('worker', x)\n"
                "    return x * x\n"
                "with mp.Pool(2) as pool:\n"
                "    print(pool.map(square, range(6)))\n"
                "lock, queue = mp.Lock(), mp.Queue()\n"
                "with lock:\n"
                "    p = mp.Process(target=queue.put, args=('from child',)); p.start(); p.join()\n"
                "print(queue.get(timeout=10), p.exitcode)")
        reply, outputs = support.run_cell(self.kc, code, timeout=60)
        self.assertEqual(reply["status"], "ok", (reply, outputs))
        text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        self.assertIn("[0, 1, 4, 9, 16, 25]\n", text)
        self.assertIn("from child 0\n", text)
        # The workers' prints reach the cell through the session's fd 1.
        self.assertEqual(sorted(line for line in text.splitlines() if line.startswith("worker")),
                         [f"worker {i}" for i in range(6)])

    def test_dev_shm_is_the_sessions_own(self):
        marker = f"gradebox-parity-{os.getpid()}"
        reply, outputs = support.run_cell(
            self.kc, f"import os\nopen('/dev/shm/{marker}', 'w').write('x')\n"
                     "print(sorted(os.listdir('/dev/shm')))")
        self.assertEqual(reply["status"], "ok", (reply, outputs))
        text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        self.assertEqual(text, f"['{marker}']\n")  # empty before, writable
        self.assertFalse(os.path.exists(f"/dev/shm/{marker}"))  # not the host's


if __name__ == "__main__":
    unittest.main(verbosity=2)
