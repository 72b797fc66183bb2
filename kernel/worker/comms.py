# Jupyter comms in the session (module _gradebox_comm), as ipykernel provides them: the API of
# the `comm` package (create_comm, get_comm_manager, BaseComm with publish_msg) and of
# ipykernel.comm (Comm, CommManager), so that ipywidgets of any version finds its comms.
#
# A comm's messages to the frontend leave through _gradebox.emit_comm as frames; the trusted side
# publishes them on iopub. Messages from the frontend arrive as comm_delivery requests, which the
# worker's C++ side hands to deliver() below; they only ever reach this session's Python code.
import base64
import json
import sys
import traceback
import types
import uuid

import _gradebox


class Comm:
    """One comm. `primary`: opened here (sends comm_open) rather than by the frontend."""

    def __init__(self, target_name="comm", data=None, metadata=None, buffers=None, comm_id=None,
                 primary=True, target_module=None, topic=None, _open_data=None,
                 _close_data=None, **kwargs):
        self.comm_id = comm_id if comm_id else uuid.uuid4().hex
        self.primary = primary
        self.target_name = target_name
        self.target_module = target_module
        self.topic = topic
        self.kernel = kernel  # ipywidgets 6/7 only talk while `comm.kernel is not None`
        self._open_data = _open_data or {}
        self._close_data = _close_data or {}
        self._msg_callback = None
        self._close_callback = None
        self._closed = True
        if self.primary:
            self.open(data=data, metadata=metadata, buffers=buffers)
        else:
            self._closed = False

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        content = dict(keys, comm_id=self.comm_id, data={} if data is None else data)
        _gradebox.emit_comm(msg_type, content, metadata or {},
                            [bytes(buffer) for buffer in buffers or []])

    def open(self, data=None, metadata=None, buffers=None):
        manager.register_comm(self)
        self.publish_msg("comm_open", data=self._open_data if data is None else data,
                         metadata=metadata, buffers=buffers, target_name=self.target_name,
                         target_module=self.target_module)
        self._closed = False

    def close(self, data=None, metadata=None, buffers=None, deleting=False):
        if self._closed:
            return
        self._closed = True
        self.publish_msg("comm_close", data=self._close_data if data is None else data,
                         metadata=metadata, buffers=buffers)
        if not deleting:
            manager.unregister_comm(self)

    def send(self, data=None, metadata=None, buffers=None):
        self.publish_msg("comm_msg", data=data, metadata=metadata, buffers=buffers)

    def on_close(self, callback):
        self._close_callback = callback

    def on_msg(self, callback):
        self._msg_callback = callback

    def handle_close(self, msg):
        if self._close_callback:
            self._close_callback(msg)

    def handle_msg(self, msg):
        if not self._msg_callback:
            return
        # As ipykernel: matplotlib's inline backend shows figures on post_execute (interact).
        shell = _shell()
        if shell is not None:
            shell.events.trigger("pre_execute")
        self._msg_callback(msg)
        if shell is not None:
            shell.events.trigger("post_execute")

    def __del__(self):
        try:
            self.close(deleting=True)
        except Exception:  # noqa: BLE001 -- at interpreter exit the channel may be gone
            pass


class CommManager:
    """The session's comms and targets, as ipykernel's CommManager."""

    def __init__(self):
        self.comms = {}
        self.targets = {}
        self.kernel = None

    def register_target(self, target_name, f):
        if isinstance(f, str):
            module, _, name = f.rpartition(".")
            f = getattr(__import__(module, fromlist=[name]), name)
        self.targets[target_name] = f
        _gradebox.emit_comm_target(str(target_name))

    def unregister_target(self, target_name, f=None):
        return self.targets.pop(target_name, None)

    def register_comm(self, comm):
        self.comms[comm.comm_id] = comm
        return comm.comm_id

    def unregister_comm(self, comm):
        self.comms.pop(comm.comm_id, None)

    def get_comm(self, comm_id):
        return self.comms.get(comm_id)

    def comm_open(self, stream, ident, msg):
        content = msg["content"]
        comm = Comm(comm_id=content["comm_id"], primary=False, target_name=content["target_name"])
        self.register_comm(comm)
        handler = self.targets.get(comm.target_name)
        if handler is None:
            print("gradebox: no comm target registered: " + comm.target_name, file=sys.stderr)
        else:
            try:
                handler(comm, msg)
                return
            except Exception:  # noqa: BLE001 -- shown to the user, the comm is closed
                traceback.print_exc()
        comm.close()

    def comm_msg(self, stream, ident, msg):
        comm = self.get_comm(msg["content"]["comm_id"])
        if comm is None:
            return
        try:
            comm.handle_msg(msg)
        except Exception:  # noqa: BLE001 -- as ipykernel: reported, the comm stays open
            traceback.print_exc()

    def comm_close(self, stream, ident, msg):
        comm = self.comms.pop(msg["content"]["comm_id"], None)
        if comm is None:
            return
        comm._closed = True
        try:
            comm.handle_close(msg)
        except Exception:  # noqa: BLE001 -- as ipykernel: reported
            traceback.print_exc()


class GradeboxKernel:
    """get_ipython().kernel: the parts of ipykernel's Kernel that widget libraries use."""

    def __init__(self):
        self.comm_manager = None
        self.shell = None
        self._parent_header = {"header": {}}

    def get_parent(self, channel="shell"):
        return self._parent_header


kernel = GradeboxKernel()
manager = CommManager()
kernel.comm_manager = manager
manager.kernel = kernel


def _shell():
    return kernel.shell


def create_comm(*args, **kwargs):
    return Comm(*args, **kwargs)


def get_comm_manager():
    return manager


def set_parent_msg_id(msg_id):
    """The Jupyter request being served (widgets.Output captures output by its msg_id)."""
    kernel._parent_header = {"header": {"msg_id": msg_id}, "msg_id": msg_id}


def deliver(request_text):
    """A message from the frontend, as the trusted side forwards it (JSON text): msg_type
    comm_open, comm_msg or comm_close, its content, metadata and base64 buffers."""
    request = json.loads(request_text)
    msg_type = request["msg_type"]
    header = {"msg_id": request.get("msg_id", ""), "msg_type": msg_type}
    msg = {"header": header, "msg_id": header["msg_id"], "msg_type": msg_type,
           "parent_header": {}, "metadata": request.get("metadata", {}),
           "content": request["content"],
           "buffers": [memoryview(base64.b64decode(b)) for b in request.get("buffers", [])]}
    handle = {"comm_open": manager.comm_open, "comm_msg": manager.comm_msg,
              "comm_close": manager.comm_close}[msg_type]
    handle(None, None, msg)


def _module(name, **members):
    module = types.ModuleType(name)
    module.__dict__.update(members)
    return module


class _FallbackFinder:
    """Last on sys.meta_path: provides `comm` only when no real package (nor a student's own
    comm.py) is found first."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name != "comm":
            return None
        import importlib.util

        return importlib.util.spec_from_loader(name, cls)

    @classmethod
    def create_module(cls, spec):
        return _module("comm", create_comm=create_comm, get_comm_manager=get_comm_manager,
                       BaseComm=Comm, CommManager=CommManager, __version__="gradebox")

    @classmethod
    def exec_module(cls, module):
        pass


def install(shell):
    """In the zygote: comms for `shell` and the modules widget libraries import them from."""
    import importlib.util

    kernel.shell = shell
    if shell is not None:
        shell.kernel = kernel
    # ipywidgets 6/7 import ipykernel.comm.Comm: ours, without the real ipykernel (zmq, psutil).
    sys.modules["ipykernel.comm"] = _module("ipykernel.comm", Comm=Comm, CommManager=CommManager)
    if importlib.util.find_spec("comm") is None:
        sys.meta_path.append(_FallbackFinder)
        return
    import comm  # the comm package (ipywidgets 8): its factories make our comms, as ipykernel's

    comm.create_comm = create_comm
    comm.get_comm_manager = get_comm_manager
