"""Output of code that runs on after its cell finished (a thread that prints, displays or updates a
widget), through jupyter_client: gradebox-kernel publishes it at once, as ipykernel does, with the
parent header of the last request; it counts toward that cell's output limit; and a session that
dies while no request runs is reported by the next cell, as before."""
import time
import unittest

from jupyter_client.manager import start_new_kernel

import kernel_test_support as support

KERNEL = support.install_kernelspec("--output-limit", "64K", "--memory", "256M",
                                    name="gradebox-background")

LATER = """
import sys, threading, time
def later():
    time.sleep(0.3)
{body}
threading.Thread(target=later).start()
"""


def later(*lines):
    """A cell that starts a thread running `lines` 0.3 s after the cell ended."""
    return LATER.format(body="\n".join("    " + line for line in lines))


class BackgroundOutputTests(unittest.TestCase):
    def setUp(self):
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)

    def run_to_idle(self, code):
        """Executes code; returns (msg_id, reply content) once the request's idle status came."""
        msg_id = self.kc.execute(code)
        reply = self.kc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=30)
        while True:
            msg = self.kc.get_iopub_msg(timeout=30)
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"):
                return msg_id, reply["content"]

    def idle_messages(self, done, seconds=10):
        """The iopub messages that arrive while no request runs, until done(messages)."""
        messages = []
        deadline = time.monotonic() + seconds
        while not done(messages) and time.monotonic() < deadline:
            try:
                messages.append(self.kc.get_iopub_msg(timeout=0.2))
            except Exception:  # noqa: BLE001 -- queue.Empty: nothing yet
                continue
        return messages

    @staticmethod
    def text(messages, name="stdout"):
        return "".join(m["content"]["text"] for m in messages
                       if m["msg_type"] == "stream" and m["content"]["name"] == name)

    def test_a_thread_prints_after_its_cell_ended(self):
        msg_id, reply = self.run_to_idle(later("print('late out')",
                                               "print('late err', file=sys.stderr)"))
        self.assertEqual(reply["status"], "ok", reply)
        messages = self.idle_messages(lambda ms: "late err" in self.text(ms, "stderr"))
        self.assertEqual(self.text(messages), "late out\n")
        self.assertEqual(self.text(messages, "stderr"), "late err\n")
        self.assertEqual({m["parent_header"].get("msg_id") for m in messages}, {msg_id})
        self.assertEqual([m for m in messages if m["msg_type"] == "status"], [])

    def test_a_thread_updates_a_widget_and_displays_after_its_cell_ended(self):
        try:
            import ipywidgets  # noqa: F401 -- only whether Debian's python3-ipywidgets is there
        except ImportError:
            self.skipTest("python3-ipywidgets is not installed")
        _, reply = self.run_to_idle("import ipywidgets\nslider = ipywidgets.IntSlider(value=1)\n"
                                    "display(slider)")
        self.assertEqual(reply["status"], "ok", reply)
        msg_id, _ = self.run_to_idle(later("slider.value = 9", "display('shown later')"))

        def shown(messages):
            return any(m["msg_type"] == "display_data" for m in messages)

        messages = self.idle_messages(shown)
        updates = [m["content"]["data"] for m in messages if m["msg_type"] == "comm_msg"]
        values = [d.get("state", d.get("sync_data", {})).get("value") for d in updates]
        self.assertIn(9, values, updates)
        displays = [m["content"]["data"] for m in messages if m["msg_type"] == "display_data"]
        self.assertEqual(displays, [{"text/plain": "'shown later'"}])
        self.assertEqual({m["parent_header"].get("msg_id") for m in messages}, {msg_id})
        _, outputs = support.run_cell(self.kc, "print(slider.value)")
        self.assertEqual(self.text(outputs), "9\n")

    def test_no_output_is_lost_while_completions_are_served(self):
        msg_id, _ = self.run_to_idle(later("for i in range(20):", "    print(i)",
                                           "    time.sleep(0.05)"))
        for _ in range(10):  # requests whose replies the thread's frames race with
            self.kc.complete("pri", 3)
            self.kc.get_shell_msg(timeout=30)
        messages = self.idle_messages(lambda ms: "19\n" in self.text(ms))
        self.assertEqual(self.text(messages), "".join(f"{i}\n" for i in range(20)))

    def test_output_after_the_cell_counts_toward_its_limit(self):
        # 40 KiB in the cell, 40 KiB more from its thread: past the 64 KiB per cell.
        msg_id, reply = self.run_to_idle("print('a' * 40000)\n" + later(
            "for _ in range(40):", "    print('b' * 1000)", "    time.sleep(0.01)"))
        self.assertEqual(reply["status"], "ok", reply)
        messages = self.idle_messages(lambda ms: False, seconds=3)
        self.assertLess(len(self.text(messages)), 64 * 1024 - 40000)
        # The session was ended for it, and the next cell says why, as for a cell's own output.
        reply, outputs = support.run_cell(self.kc, "print('next')")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "OutputLimitError")
        reply, outputs = support.run_cell(self.kc, "print('fresh')")
        self.assertEqual(self.text(outputs), "fresh\n")

    def test_a_session_killed_while_idle_is_reported_by_the_next_cell(self):
        level = support.isolation_level(self.kc)
        if level not in ("cgroup2", "cgroup1", "rlimit"):
            self.skipTest(f"isolation level {level!r} enforces no memory limit")
        support.run_cell(self.kc, "kept = 1")
        before = support.process_tree(support.kernel_pid(self.km))
        _, reply = self.run_to_idle(later("chunks = []", "while True:",
                                          "    chunks.append(bytearray(16 << 20))"))
        self.assertEqual(reply["status"], "ok", reply)
        # The thread runs while no request does: the sandbox kills the session then.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and all(support.alive(p) for p in before):
            time.sleep(0.1)
        self.assertFalse(all(support.alive(p) for p in before), "the session was not killed")
        self.assertEqual([m["msg_type"] for m in self.idle_messages(lambda ms: False, 1)], [])
        reply, _ = support.run_cell(self.kc, "print(kept)", timeout=60)
        self.assertEqual(reply["ename"], "MemoryLimitError")
        reply, outputs = support.run_cell(self.kc, "print('fresh')")
        self.assertEqual(self.text(outputs), "fresh\n")


if __name__ == "__main__":
    unittest.main()
