# Python half of gradebox-worker, run once in the zygote before any session exists.
#
# It builds the IPython shell (or the plain fallback) and the hooks that turn stdout, stderr,
# display() and Out[] into events through the C module `_gradebox`. Nothing here decides a
# verdict: the worker's C++ side does that from the execution result, and runs locked cells
# itself. Student code can patch everything in this file; doing so only changes its own output.
import builtins
import getpass
import io
import os
import sys

import _gradebox
import _gradebox_comm
import _gradebox_shell


class GradeboxStream(io.TextIOBase):
    """sys.stdout / sys.stderr: every write becomes a stream event at once."""

    def __init__(self, name):
        super().__init__()
        self._name = name

    @property
    def name(self):
        return "<" + self._name + ">"

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not " + type(text).__name__)
        if text:
            _gradebox.emit_stream(self._name, text)
        return len(text)

    def flush(self):
        pass


def _stdin_not_allowed(*args, **kwargs):
    try:
        from IPython.core.error import StdinNotImplementedError as error
    except ImportError:
        error = RuntimeError
    raise error("raw_input was called, but this frontend does not support input requests.")


def _input(prompt=""):
    return _gradebox.request_input(str(prompt), False)


def _getpass(prompt="Password: ", stream=None):
    return _gradebox.request_input(str(prompt), True)


_real_exit = os._exit


def _flushing_exit(status):
    """os._exit that first sends the output still pending (it is buffered, see
    kernel/worker/stream_coalescer.hpp), as a print before os._exit was always shown."""
    _gradebox.flush_streams()
    _real_exit(status)


def _leave_session_streams():
    """In a process the session forked (multiprocessing): the session's channel is its parent's
    alone (kernel/worker/event_bridge.cpp), so its output goes to fd 1/2, which the session
    captures as its own stream output."""
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="backslashreplace",
                      closefd=False)
    sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="backslashreplace",
                      closefd=False)
    os._exit = _real_exit


def set_stdin_allowed(allowed):
    builtins.input = _input if allowed else _stdin_not_allowed
    getpass.getpass = _getpass if allowed else _stdin_not_allowed


def _plain_repr_bundle(value):
    return {"text/plain": repr(value)}


# ---------------------------------------------------------------------------------------------
# IPython shell
def _make_ipython_shell(warm_completion):
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.autocall import ExitAutocall
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets import default
    from traitlets.config import Config

    class GradeboxDisplayPublisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False,
                    **kwargs):
            _gradebox.emit_display(bool(update), data, metadata or {}, transient or {})

        def clear_output(self, wait=False):
            _gradebox.emit_clear_output(bool(wait))

    class GradeboxDisplayHook(DisplayHook):
        def start_displayhook(self):
            self._gradebox_bundle = None

        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            self._gradebox_bundle = (format_dict, md_dict or {})

        def finish_displayhook(self):
            bundle = getattr(self, "_gradebox_bundle", None)
            if bundle is not None:
                _gradebox.emit_execute_result(self.prompt_count, bundle[0], bundle[1])
            self._gradebox_bundle = None

    class GradeboxExitAutocall(ExitAutocall):
        """exit() / quit(), as ipykernel's: exit(keep_kernel=True) only tells the frontend."""

        def __call__(self, keep_kernel=False):
            self._ip.keepkernel_on_exit = keep_kernel
            self._ip.ask_exit()

    class GradeboxShell(InteractiveShell):
        displayhook_class = GradeboxDisplayHook
        display_pub_class = GradeboxDisplayPublisher
        keepkernel_on_exit = False

        @default("exiter")
        def _exiter_default(self):
            return GradeboxExitAutocall(self)

        def ask_exit(self):
            """The kernel ends after this cell's reply (ipykernel's "ask_exit" payload)."""
            self.payload_manager.write_payload(
                {"source": "ask_exit", "keepkernel": bool(self.keepkernel_on_exit)})

        def set_next_input(self, text, replace=False):
            """%load: the frontend puts the text in a cell (a payload, as ipykernel's)."""
            self.payload_manager.write_payload(
                {"source": "set_next_input", "text": text, "replace": bool(replace)})

        def _showtraceback(self, etype, evalue, stb):
            _gradebox.emit_error(etype.__name__, str(evalue), list(stb))

        def show_usage_error(self, exc):
            """`UsageError: ...` alone, as ipykernel shows it (IPython writes it to stderr; here
            it is the cell's error, else the worker would add the traceback)."""
            _gradebox.emit_error("UsageError", str(exc), ["UsageError: " + str(exc)])

        def enable_gui(self, gui=None):
            pass

        def init_virtualenv(self):
            pass

    package_magics = _gradebox_shell.install(GradeboxShell)
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    config.InteractiveShell.colors = "Linux"
    config.InteractiveShell.xmode = "Context"
    shell = GradeboxShell.instance(config=config)
    shell.register_magics(package_magics)
    shell.readline_use = False
    shell.has_readline = False
    # `obj?`, `%page`, `%pinfo`: a "page" payload for the execute_reply, as ipykernel does.
    from IPython.core import page, payloadpage

    shell.set_hook("show_in_pager", page.as_hook(payloadpage.page), 99)
    # %cd and %bookmark keep their state here, in memory: the profile's pickleshare db lies in
    # the zygote's scratch, which sessions cannot write.
    shell.db = {}
    if warm_completion:
        _keep_completion_cache_in_memory()
    _warm_up(shell, warm_completion)
    return shell


def _keep_completion_cache_in_memory():
    """jedi (completion) has parso cache parsed modules under ~/.cache, i.e. the zygote's
    scratch dir, which sessions cannot reach: a stat there fails with EACCES and completion
    returns nothing. Keep that cache in memory only (filled by the warm-up, shared by fork)."""
    try:
        import parso.cache
    except ImportError:
        return
    parso.cache._load_from_file_system = lambda *args, **kwargs: None
    parso.cache._save_to_file_system = lambda *args, **kwargs: None
    parso.cache._remove_cache_and_update_lock = lambda *args, **kwargs: None


def _warm_up(shell, warm_completion):
    """Imports and caches what the first cell, traceback and completion need, once, here (in
    the zygote no session is active, so the events go nowhere), then forgets the cell."""
    shell.run_cell("1 + 1", store_history=True)
    try:
        raise ValueError("warm-up")
    except ValueError:
        shell.InteractiveTB.structured_traceback(*sys.exc_info())
    if warm_completion:
        from IPython.core.completer import provisionalcompleter

        with provisionalcompleter():
            list(shell.Completer.completions("pri", 3))
    shell.reset(new_session=True)
    # The first change of the environment makes glibc move it to the heap, and os.environ set up
    # its encoders: done once here rather than in every session's enter_session (same contents,
    # same order).
    environment = dict(os.environ)
    os.environ.clear()
    os.environ.update(environment)


# ---------------------------------------------------------------------------------------------
# Plain fallback: exec/eval with the same event shapes.
class PlainShell:
    def __init__(self):
        import __main__

        self.user_ns = __main__.__dict__
        self.execution_count = 1
        self.transform_locked_cell = None

    def run_cell(self, code, store_history, silent, execution_count):
        import ast
        import traceback

        self.execution_count = execution_count
        filename = "<cell-%d>" % self.execution_count
        try:
            tree = ast.parse(code, filename)
            last = None
            if tree.body and isinstance(tree.body[-1], ast.Expr) and not silent:
                last = ast.Expression(tree.body.pop().value)
            exec(compile(tree, filename, "exec"), self.user_ns)
            if last is not None:
                value = eval(compile(last, filename, "eval"), self.user_ns)
                if value is not None:
                    self.user_ns["_"] = value
                    _gradebox.emit_execute_result(self.execution_count,
                                                  _plain_repr_bundle(value), {})
            return None
        except BaseException as error:  # noqa: B036 -- the cell's error is its result
            lines = traceback.format_exception(type(error), error, error.__traceback__)
            _gradebox.emit_error(type(error).__name__, str(error), lines)
            return error

    def take_payloads(self):
        return []

    def complete(self, code, cursor_pos):
        import re
        import rlcompleter

        prefix = code[:cursor_pos]
        token = re.search(r"[\w.]*$", prefix).group(0)
        completer = rlcompleter.Completer(self.user_ns)
        matches, state = [], 0
        while state < 1000:
            match = completer.complete(token, state)
            if match is None:
                break
            matches.append(match)
            state += 1
        return matches, cursor_pos - len(token), cursor_pos

    def inspect(self, code, cursor_pos, detail_level):
        import re

        names = re.findall(r"[A-Za-z_][\w.]*", code[: cursor_pos + 1]) or [""]
        name = names[-1]
        try:
            value = eval(name, self.user_ns)
        except BaseException:  # noqa: B036 -- anything unknown is simply not found
            return False, {}
        text = repr(value)
        if getattr(value, "__doc__", None):
            text += "\n\n" + value.__doc__
        return True, {"text/plain": text}

    def is_complete(self, code):
        import codeop

        try:
            compiled = codeop.compile_command(code, "<cell>", "exec")
        except (SyntaxError, OverflowError, ValueError):
            return "invalid", ""
        if compiled is None:
            return "incomplete", "    " if code.rstrip().endswith(":") else ""
        return "complete", ""


class IPythonSession:
    """Adapts the IPython shell to the calls the C++ side makes."""

    def __init__(self, shell):
        self.shell = shell
        self.user_ns = shell.user_ns

    def run_cell(self, code, store_history, silent, execution_count):
        if self.shell.execution_count != execution_count:  # a traitlets set costs, even unchanged
            self.shell.execution_count = execution_count
        result = self.shell.run_cell(code, store_history=store_history, silent=silent)
        return result.error_before_exec or result.error_in_exec

    def take_payloads(self):
        """The cell's IPython payloads (pager), for the execute reply; then forgets them."""
        payloads = self.shell.payload_manager.read_payload()
        if payloads:  # clearing sets a List trait (validation, notification): only when needed
            self.shell.payload_manager.clear_payload()
        return payloads

    def complete(self, code, cursor_pos):
        # The completions API, as ipykernel uses it (shell.complete() misses names with jedi).
        from IPython.core.completer import provisionalcompleter

        with provisionalcompleter():
            found = list(self.shell.Completer.completions(code, cursor_pos))
        if not found:
            return [], cursor_pos, cursor_pos, {}
        start = min(c.start for c in found)
        end = max(c.end for c in found)
        matches, types = [], []
        for c in found:
            text = code[start:c.start] + c.text + code[c.end:end]
            if text not in matches:
                matches.append(text)
                types.append({"start": start, "end": end, "text": text, "type": c.type,
                              "signature": c.signature})
        # ipykernel's completion metadata: frontends show each match's kind.
        return matches, start, end, {"_jupyter_types_experimental": types}

    def inspect(self, code, cursor_pos, detail_level):
        from IPython.utils.tokenutil import token_at_cursor

        name = token_at_cursor(code, cursor_pos)
        try:
            bundle = self.shell.object_inspect_mime(name, detail_level=detail_level)
        except Exception:  # noqa: BLE001 -- IPython raises KeyError and more for unknown names
            return False, {}
        return True, bundle

    def is_complete(self, code):
        status, indent = self.shell.input_transformer_manager.check_complete(code)
        return status, " " * (indent or 0)

    def transform_locked_cell(self, code):
        return self._transformer(code)


def _import_ipython():
    """`import IPython` without its terminal front end. The package's __init__ imports
    IPython.terminal.embed, which pulls in prompt_toolkit, the terminal shell and its debugger:
    about half of the import's time, and nothing a worker uses. A placeholder stands in for that
    module while the package initialises and is dropped at once, so any later import of it
    (student code, IPython.embed()) loads the real module."""
    import types

    if "IPython" in sys.modules:
        return sys.modules["IPython"]
    name = "IPython.terminal.embed"
    placeholder = types.ModuleType(name)

    def embed(*args, **kwargs):
        from IPython.terminal.embed import embed as real_embed

        return real_embed(*args, **kwargs)

    placeholder.embed = embed
    sys.modules[name] = placeholder
    try:
        import IPython
    finally:
        if sys.modules.get(name) is placeholder:
            del sys.modules[name]
    return IPython


def build_session(mode, warm_completion):
    """Returns (session adapter, ipython version or None). Called once, in the zygote."""
    if mode != "plain":
        try:
            IPython = _import_ipython()
            from IPython.core.inputtransformer2 import TransformerManager
        except ImportError:
            if mode == "ipython":
                raise
        else:
            session = IPythonSession(_make_ipython_shell(warm_completion))
            _gradebox_comm.install(session.shell)
            # A private transformer for locked cells with magics: not the shell's, which
            # student code can replace.
            session._transformer = TransformerManager().transform_cell
            return session, IPython.__version__
    _gradebox_comm.install(None)
    return PlainShell(), None


def rehearse_session(session):
    """In a spare child (kernel/worker/zygote.cpp), before it has a session: walks what a
    session's entry and its first result walk (formatting a value; entering with the zygote's own
    cwd and environment), so the pages they touch are copied now rather than on the open path.
    Leaves nothing a session sees: the real enter_session redoes every step with its own values."""
    shell = getattr(session, "shell", None)
    if shell is not None:
        shell.display_formatter.format(2)
    enter_session(os.getcwd(), dict(os.environ))


def enter_session(cwd, environment):
    """In a fresh session child, before any untrusted byte: env, cwd, streams, RNGs."""
    import signal

    os.environ.clear()
    os.environ.update(environment)
    os.chdir(cwd)
    if "" not in sys.path:
        sys.path.insert(0, "")  # the notebook's own modules, as in Jupyter
    sys.stdout = GradeboxStream("stdout")
    sys.stderr = GradeboxStream("stderr")
    sys.stdin = io.StringIO()
    os._exit = _flushing_exit
    os.register_at_fork(after_in_child=_leave_session_streams)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    numpy_random = sys.modules.get("numpy.random")
    if numpy_random is not None:
        # The zygote's state would repeat in every session. 128 bits from the OS through
        # init_by_array: seed() with no argument hashes 624 words of entropy first (~0.2 ms here,
        # on the path of every session open, against ~0.02 ms).
        numpy = sys.modules["numpy"]
        numpy_random.seed(numpy.frombuffer(os.urandom(16), dtype=numpy.uint32))
    set_stdin_allowed(False)
