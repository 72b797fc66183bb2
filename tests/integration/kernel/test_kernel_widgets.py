"""Jupyter comms of gradebox-kernel through jupyter_client, as a notebook frontend uses them for
ipywidgets: the session's comms reach the client (comm_open with the widget's state, comm_msg,
comm_close), the client's comm messages reach the session's handlers, comm_info_request lists the
open comms, and what the session sends is checked before the kernel publishes it."""
import unittest

from jupyter_client.manager import start_new_kernel

import kernel_test_support as support

KERNEL = support.install_kernelspec("--cell-timeout", "3", name="gradebox-widgets")

ECHO_TARGET = """
def opened(comm, msg):
    comm.send({'opened_with': msg['content']['data']})
    def answer(m):
        print('handler saw', m['content']['data'])
        comm.send({'got': m['content']['data'], 'sizes': [len(b) for b in m['buffers']]},
                  buffers=[bytes(b)[::-1] for b in m['buffers']])
    comm.on_msg(answer)
get_ipython().kernel.comm_manager.register_target('echo', opened)
"""


def widget_state(data):
    """The state in a widget's comm_open data (ipywidgets 6 sends it bare, 7+ under "state")."""
    return data.get("state", data)


class WidgetTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        try:
            import ipywidgets  # noqa: F401 -- only whether Debian's python3-ipywidgets is there
        except ImportError:
            raise unittest.SkipTest("python3-ipywidgets is not installed")

    def setUp(self):
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)

    def send(self, msg_type, content, buffers=None):
        """Sends a comm message as a frontend does (comm messages have no reply); returns the
        iopub messages it caused."""
        return self.send_traced(msg_type, content, buffers)[1]

    def send_traced(self, msg_type, content, buffers=None):
        """send(), also returning the message's msg_id: (msg_id, iopub messages)."""
        msg = self.kc.session.msg(msg_type, content)
        self.kc.session.send(self.kc.shell_channel.socket, msg, buffers=buffers or [])
        outputs = []
        while True:
            out = self.kc.get_iopub_msg(timeout=30)
            if out["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
                continue
            if out["msg_type"] == "status" and out["content"]["execution_state"] == "idle":
                return msg["header"]["msg_id"], outputs
            outputs.append(out)

    def comm_info(self, target_name=None):
        msg_id = self.kc.comm_info(target_name)
        reply = self.kc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=30)
        return reply["content"]["comms"]

    def stdout(self, outputs):
        return "".join(m["content"]["text"] for m in outputs
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")

    def make_slider(self):
        reply, outputs = support.run_cell(
            self.kc, "import ipywidgets as widgets\n"
                     "slider = widgets.IntSlider(value=3, min=0, max=10)\n"
                     "slider.observe(lambda change: print('now', change['new']), 'value')\n"
                     "slider")
        self.assertEqual(reply["status"], "ok", reply)
        opens = [m for m in outputs if m["msg_type"] == "comm_open"
                 and widget_state(m["content"]["data"]).get("_model_name") == "IntSliderModel"]
        self.assertEqual(len(opens), 1, [m["msg_type"] for m in outputs])
        return opens[0], outputs

    def test_a_slider_opens_its_comm_with_its_state_and_takes_updates_from_the_client(self):
        opened, outputs = self.make_slider()
        content = opened["content"]
        self.assertEqual(content["target_name"], "jupyter.widget")
        self.assertEqual(widget_state(content["data"])["value"], 3)
        views = [m["content"]["data"]["application/vnd.jupyter.widget-view+json"]
                 for m in outputs if m["msg_type"] == "display_data"]
        self.assertEqual(views, [{"model_id": content["comm_id"]}])
        errors = [m for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] ==
                  "stderr" and "Traceback" in m["content"]["text"]]
        self.assertEqual(errors, [])  # no real ipykernel (psutil, zmq) imported on the way

        update = {"method": "backbone", "sync_data": {"value": 7}}  # ipywidgets 6
        if "state" in content["data"]:
            update = {"method": "update", "state": {"value": 7}, "buffer_paths": []}
        handled = self.send("comm_msg", {"comm_id": content["comm_id"], "data": update})
        self.assertIn("now 7", self.stdout(handled))  # the observer ran for the comm_msg

        reply, outputs = support.run_cell(self.kc, "print(slider.value)")
        self.assertEqual(self.stdout(outputs), "7\n")

    def test_interact_reruns_its_function_when_the_client_moves_the_slider(self):
        reply, outputs = support.run_cell(
            self.kc, "from ipywidgets import interact\n"
                     "def f(x):\n    print('f ran with', x)\n    return x * 2\n"
                     "shown = interact(f, x=5)")
        self.assertEqual(reply["status"], "ok", reply)
        opened = {widget_state(m["content"]["data"]).get("_model_name"): m["content"]
                  for m in outputs if m["msg_type"] == "comm_open"}
        for model in ("IntSliderModel", "OutputModel", "VBoxModel"):
            self.assertIn(model, opened)
        slider = opened["IntSliderModel"]
        self.assertEqual(widget_state(slider["data"])["value"], 5)
        self.assertIn("f ran with 5", self.stdout(outputs))

        update = {"method": "backbone", "sync_data": {"value": 7}}  # ipywidgets 6
        if "state" in slider["data"]:
            update = {"method": "update", "state": {"value": 7}, "buffer_paths": []}
        msg_id, rerun = self.send_traced("comm_msg", {"comm_id": slider["comm_id"],
                                                      "data": update})
        # f ran again with the new value; its output and result went to the Output widget,
        # which captures by the request's msg_id, as in ipykernel.
        self.assertEqual(self.stdout(rerun), "f ran with 7\n")
        results = [m["content"]["data"]["text/plain"] for m in rerun
                   if m["msg_type"] == "display_data"]
        self.assertEqual(results, ["14"])
        output_id = opened["OutputModel"]["comm_id"]
        captures = [m["content"]["data"] for m in rerun if m["msg_type"] == "comm_msg"
                    and m["content"]["comm_id"] == output_id]
        states = [d.get("state", d.get("sync_data", {})) for d in captures]
        self.assertIn(msg_id, [s.get("msg_id") for s in states], captures)
        errors = [m for m in rerun if m["msg_type"] == "error"]
        self.assertEqual(errors, [])

    def test_comm_info_lists_the_open_comms_until_they_close(self):
        opened, _ = self.make_slider()
        comm_id = opened["content"]["comm_id"]
        self.assertEqual(self.comm_info()[comm_id], {"target_name": "jupyter.widget"})
        self.assertIn(comm_id, self.comm_info("jupyter.widget"))
        self.assertNotIn(comm_id, self.comm_info("another.target"))
        reply, outputs = support.run_cell(self.kc, "slider.close()")
        closes = [m["content"]["comm_id"] for m in outputs if m["msg_type"] == "comm_close"]
        self.assertEqual(closes, [comm_id])
        self.assertNotIn(comm_id, self.comm_info())

    def test_the_client_opens_a_comm_to_a_session_target_and_both_sides_talk(self):
        reply, _ = support.run_cell(self.kc, ECHO_TARGET)
        self.assertEqual(reply["status"], "ok", reply)
        comm_id = "c0ffee0000000000000000000000cafe"
        opened = self.send("comm_open", {"comm_id": comm_id, "target_name": "echo",
                                         "data": {"hello": 1}})
        sent = [m["content"] for m in opened if m["msg_type"] == "comm_msg"]
        self.assertEqual(sent, [{"comm_id": comm_id, "data": {"opened_with": {"hello": 1}}}])
        self.assertEqual(self.comm_info("echo"), {comm_id: {"target_name": "echo"}})

        answered = self.send("comm_msg", {"comm_id": comm_id, "data": {"x": [1, 2]}},
                             buffers=[b"\x00\x01\x02"])
        self.assertIn("handler saw {'x': [1, 2]}", self.stdout(answered))
        reply = [m for m in answered if m["msg_type"] == "comm_msg"]
        self.assertEqual(reply[0]["content"]["data"], {"got": {"x": [1, 2]}, "sizes": [3]})
        self.assertEqual([bytes(b) for b in reply[0]["buffers"]], [b"\x02\x01\x00"])

        self.send("comm_close", {"comm_id": comm_id, "data": {}})
        self.assertEqual(self.comm_info("echo"), {})

    def test_a_comm_to_an_unknown_target_is_closed(self):
        comm_id = "0123456789abcdef0123456789abcdef"
        outputs = self.send("comm_open", {"comm_id": comm_id, "target_name": "nobody",
                                          "data": {}})
        closes = [m["content"]["comm_id"] for m in outputs if m["msg_type"] == "comm_close"]
        self.assertEqual(closes, [comm_id])
        self.assertEqual(self.comm_info(), {})

    def test_the_comm_package_api_creates_comms(self):
        reply, outputs = support.run_cell(
            self.kc, "import comm\nc = comm.create_comm(target_name='mine', data={'a': 1})\n"
                     "c.send({'b': 2}, buffers=[b'xyz'])\n"
                     "assert comm.get_comm_manager().get_comm(c.comm_id) is c")
        self.assertEqual(reply["status"], "ok", reply)
        kinds = [(m["msg_type"], m["content"].get("data")) for m in outputs
                 if m["msg_type"].startswith("comm_")]
        self.assertEqual(kinds, [("comm_open", {"a": 1}), ("comm_msg", {"b": 2})])
        self.assertEqual([bytes(b) for b in outputs[-1]["buffers"]], [b"xyz"])

    def test_the_real_comm_package_makes_the_sessions_comms(self):
        try:
            import comm  # noqa: F401 -- only whether Debian's python3-comm is there
        except ImportError:
            self.skipTest("python3-comm is not installed")
        reply, outputs = support.run_cell(
            self.kc, "import comm\n"
                     "print(comm.__version__ != 'gradebox')\n"
                     "c = comm.create_comm(target_name='real', data={'a': 1})\n"
                     "c.send({'b': 2})\n"
                     "manager = comm.get_comm_manager()\n"
                     "print(manager.get_comm(c.comm_id) is c)\n"
                     "manager.register_target('hello', lambda new, msg: new.send("
                     "{'hi': msg['content']['data']}))")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.stdout(outputs), "True\nTrue\n")  # the package, our comms
        kinds = [(m["msg_type"], m["content"].get("data")) for m in outputs
                 if m["msg_type"].startswith("comm_")]
        self.assertEqual(kinds, [("comm_open", {"a": 1}), ("comm_msg", {"b": 2})])
        comm_id = "feed0000000000000000000000000000"
        answered = self.send("comm_open", {"comm_id": comm_id, "target_name": "hello",
                                           "data": {"x": 1}})
        sent = [m["content"] for m in answered if m["msg_type"] == "comm_msg"]
        self.assertEqual(sent, [{"comm_id": comm_id, "data": {"hi": {"x": 1}}}])

    def test_an_output_widget_captures_by_the_request_msg_id(self):
        msg_id = self.kc.execute("import ipywidgets as widgets\nout = widgets.Output()\n"
                                 "with out:\n    print('inside')")
        captured = False
        while True:
            msg = self.kc.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "comm_msg":
                data = msg["content"]["data"]
                state = data.get("state", data.get("sync_data", {}))
                captured = captured or state.get("msg_id") == msg_id
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        self.assertTrue(captured, "the Output widget did not take the request's msg_id")

    def test_what_the_session_sends_is_checked_and_limits_hold_in_handlers(self):
        # An id longer than xeus's fixed-size comm ids: dropped, the kernel unharmed.
        reply, outputs = support.run_cell(
            self.kc, "import comm\nc = comm.create_comm(comm_id='x' * 5000, target_name='t')\n"
                     "import _gradebox\n"
                     "_gradebox.emit_comm('comm_msg', {'comm_id': 'nope', 'data': 5}, {}, [])\n"
                     "print('alive')")
        self.assertEqual(self.stdout(outputs), "alive\n")
        self.assertEqual([m for m in outputs if m["msg_type"].startswith("comm_")], [])
        self.assertEqual(self.comm_info(), {})
        # A handler that never returns is stopped by the cell timeout; the session goes on.
        support.run_cell(self.kc, ECHO_TARGET + "import time\n"
                         "get_ipython().kernel.comm_manager.register_target("
                         "'spin', lambda comm, msg: time.sleep(60))")
        outputs = self.send("comm_open", {"comm_id": "5" * 32, "target_name": "spin", "data": {}})
        errors = [m["content"]["ename"] for m in outputs if m["msg_type"] == "error"]
        self.assertTrue(errors, [m["msg_type"] for m in outputs])
        reply, outputs = support.run_cell(self.kc, "print('still here')")
        self.assertEqual(self.stdout(outputs), "still here\n")


if __name__ == "__main__":
    unittest.main()
