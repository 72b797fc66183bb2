"""The per-user warm zygote (gradebox-kernel --warm-zygote SECONDS), through jupyter_client: the
first kernel of a uid starts a zygote service detached from itself, later kernels and Jupyter's
"Restart kernel" attach to it, kernels never see each other's variables or files, another uid
cannot use it, nor a sandboxed process of the same uid (a session cannot make the socket kind,
the service refuses a client with no_new_privs or an extra seccomp filter), a directory others
can enter is not used, it ends after its idle time, and a killed service is replaced.

Runs as whoever runs it: as root here, and as an unprivileged uid through
test_kernel_warm_unprivileged.py (the JupyterHub case: a kernel of the student's uid, whose
sessions keep that uid). Each test gives its kernels a private XDG_RUNTIME_DIR, so the service it
observes is its own, and each kernel a folder of its own as its cwd (the notebook's folder).
"""
import ast
import ctypes
import os
import shutil
import signal
import socket
import tempfile
import time
import unittest

from jupyter_client.manager import start_new_kernel

import kernel_test_support as support

KERNEL = support.install_kernelspec("--memory", "512M", name="gradebox-warm-zygote")

LIBC = ctypes.CDLL(None, use_errno=True)
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2

# What a student's cell tries, given the service's socket path: make the socket kind the service
# listens on (plainly, with flags, and through a raw socket(2) whose type has bits set above the
# 32 the kernel reads), then connect to the socket with every kind it can make.
ATTACK = r"""
import ctypes, errno, glob, os, socket
found = [PATH] + glob.glob('/tmp/gradebox-*/*.sock')
if os.environ.get('XDG_RUNTIME_DIR'):
    found += glob.glob(os.environ['XDG_RUNTIME_DIR'] + '/gradebox/*.sock')
results = {}
for name, kind in [('seqpacket', socket.SOCK_SEQPACKET),
                   ('seqpacket_flags', socket.SOCK_SEQPACKET | socket.SOCK_CLOEXEC
                    | socket.SOCK_NONBLOCK)]:
    try:
        socket.socket(socket.AF_UNIX, kind).close()
        results[name] = 'made'
    except OSError as e:
        results[name] = errno.errorcode[e.errno]
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
fd = libc.syscall(ctypes.c_long(41), ctypes.c_long(socket.AF_UNIX),
                  ctypes.c_long((1 << 32) | socket.SOCK_SEQPACKET), ctypes.c_long(0))
results['raw_high_bits'] = 'made' if fd >= 0 else errno.errorcode[ctypes.get_errno()]
pair = (ctypes.c_int * 2)()
made = libc.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET, 0, pair)
results['socketpair'] = 'made' if made == 0 else errno.errorcode[ctypes.get_errno()]
for path in sorted(set(found)):
    for name, kind in [('stream', socket.SOCK_STREAM), ('dgram', socket.SOCK_DGRAM)]:
        try:
            with socket.socket(socket.AF_UNIX, kind) as s:
                s.settimeout(5)
                s.connect(path)
                results[name + ':' + path] = 'connected'
        except OSError as e:
            results[name + ':' + path] = errno.errorcode.get(e.errno, str(e))
results
"""


class WarmZygoteTests(unittest.TestCase):
    def setUp(self):
        self.runtime_dir = tempfile.mkdtemp(prefix="gradebox-xdg-")
        self.kernels = []

    def tearDown(self):
        for km, kc in self.kernels:
            kc.stop_channels()
            if km.is_alive():
                km.shutdown_kernel(now=True)
        for pid in self.services():
            os.kill(pid, signal.SIGKILL)
        support.wait_gone(self.services())
        shutil.rmtree(self.runtime_dir, ignore_errors=True)

    def start(self, idle=30, kernel=KERNEL, **extra_env):
        env = dict(os.environ, XDG_RUNTIME_DIR=self.runtime_dir, GRADEBOX_WARM_ZYGOTE=str(idle),
                   **extra_env)
        folder = tempfile.mkdtemp(prefix="notebook-", dir=self.runtime_dir)
        os.chmod(folder, 0o755)  # a root kernel's sessions run as an unprivileged uid
        km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=60, env=env, cwd=folder)
        self.kernels.append((km, kc))
        return km, kc

    def services(self):
        return support.warm_zygote_services(self.runtime_dir)

    def result(self, kc, code):
        reply, outputs = support.run_cell(kc, code, timeout=60)
        self.assertEqual(reply["status"], "ok", reply)
        texts = [m["content"]["data"]["text/plain"] for m in outputs
                 if m["msg_type"] == "execute_result"]
        return texts[0] if texts else None

    def socket_path(self):
        folder = os.path.join(self.runtime_dir, "gradebox")
        sockets = [n for n in os.listdir(folder) if n.endswith(".sock")]
        self.assertEqual(len(sockets), 1, sockets)
        return os.path.join(folder, sockets[0])

    def test_second_kernel_and_restart_reuse_the_service(self):
        km, kc = self.start()
        self.assertEqual(self.result(kc, "1 + 1"), "2")
        services = self.services()
        self.assertEqual(len(services), 1, services)
        self.assertNotIn(services[0], support.process_tree(support.kernel_pid(km)),
                         "the service must outlive its kernel, not be its child")
        _, kc2 = self.start()
        self.assertEqual(self.result(kc2, "2 + 2"), "4")
        self.assertEqual(self.services(), services)
        km.restart_kernel(now=True)
        kc.wait_for_ready(timeout=60)
        self.assertEqual(self.result(kc, "3 + 3"), "6")
        self.assertEqual(self.services(), services, "restart started another service")

    def test_two_kernels_never_see_each_others_variables_or_files(self):
        _, kc_a = self.start()
        _, kc_b = self.start()
        folder_a = self.result(kc_a, "secret_a = 41\nopen('only_a.txt', 'w').write('a')\n"
                                     "import os\nos.getcwd()")
        self.assertEqual(self.result(kc_b, "'secret_a' in globals()"), "False")
        self.assertEqual(self.result(kc_b, "import os\nos.path.exists('only_a.txt')"), "False")
        probe = (f"try:\n    os.listdir({folder_a})\n    seen = 'listed'\n"
                 f"except OSError as e:\n    seen = type(e).__name__\nseen")
        self.assertNotEqual(self.result(kc_b, probe), "'listed'")
        self.assertEqual(self.result(kc_a, "secret_a + 1"), "42")

    @staticmethod
    def connect_from_child(path, prepare):
        """What a child that ran `prepare` gets when it connects to `path`: answer or error."""
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                prepare()
                with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as s:
                    s.settimeout(10)
                    s.connect(path)
                    answer = s.recv(65536) or b"closed"
            except OSError as error:
                answer = f"error: {error}".encode()
            os.write(write, answer)
            os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as pipe:
            answer = pipe.read().decode(errors="replace")
        os.waitpid(pid, 0)
        return answer

    def connect_as_nobody(self, path):
        def become_nobody():
            os.setresgid(65534, 65534, 65534)
            os.setresuid(65534, 65534, 65534)
        return self.connect_from_child(path, become_nobody)

    def test_another_uid_cannot_connect(self):
        if os.geteuid() != 0:
            self.skipTest("needs root to act as another uid")
        _, kc = self.start()
        self.result(kc, "1 + 1")
        path = self.socket_path()
        self.assertIn("Permission denied", self.connect_as_nobody(path))
        # With the directory and the socket opened up, the listener's SO_PEERCRED check refuses.
        folders = [self.runtime_dir, os.path.dirname(path)]
        for folder in folders:
            os.chmod(folder, 0o711)
        os.chmod(path, 0o777)
        try:
            answer = self.connect_as_nobody(path)
        finally:
            os.chmod(path, 0o600)
            for folder in folders:
                os.chmod(folder, 0o700)
        self.assertIn("serves uid 0 only", answer)
        self.assertNotIn("ready", answer)

    def assert_refused(self, prepare, reason):
        """A client of our uid that ran `prepare` (made itself look like a session) gets a
        "failed" answer naming `reason`, never a zygote."""
        _, kc = self.start()
        self.result(kc, "1 + 1")
        answer = self.connect_from_child(self.socket_path(), prepare)
        self.assertIn('"failed"', answer)
        self.assertIn(reason, answer)
        self.assertNotIn("ready", answer)

    def test_a_client_with_no_new_privs_is_refused(self):
        self.assert_refused(lambda: LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")

    def test_a_client_with_an_extra_seccomp_filter_is_refused(self):
        def add_allow_all_filter():
            if os.geteuid() != 0:  # root may add a filter without no_new_privs
                LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
            allow = (ctypes.c_uint64 * 1)(0x7fff000000000006)  # BPF_RET|BPF_K, SECCOMP_RET_ALLOW
            program = (ctypes.c_uint64 * 2)(1, ctypes.addressof(allow))  # struct sock_fprog
            if LIBC.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, program, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "seccomp filter not installed")

        self.assert_refused(add_allow_all_filter,
                            "seccomp" if os.geteuid() == 0 else "no_new_privs")

    def test_a_session_cannot_reach_the_service(self):
        _, kc = self.start()
        self.assertEqual(self.result(kc, "1 + 1"), "2")
        path = self.socket_path()
        found = ast.literal_eval(self.result(kc, ATTACK.replace("PATH", repr(path))))
        made = {k: v for k, v in found.items() if ":" not in k}
        self.assertEqual(made, dict.fromkeys(
            ["seqpacket", "seqpacket_flags", "raw_high_bits", "socketpair"], "EACCES"))
        connects = {k: v for k, v in found.items() if ":" in k}
        self.assertIn("stream:" + path, connects)
        self.assertNotIn("connected", connects.values(), connects)
        self.assertEqual(self.result(kc, "2 + 2"), "4")

    def test_a_directory_others_can_enter_is_not_used(self):
        folder = os.path.join(self.runtime_dir, "gradebox")
        os.mkdir(folder, 0o755)
        os.chmod(folder, 0o755)
        _, kc = self.start()
        self.assertEqual(self.result(kc, "1 + 1"), "2")  # with a zygote of its own
        self.assertEqual(self.services(), [])
        self.assertEqual(os.listdir(folder), [])

    def test_preload_list_chooses_what_the_service_imports(self):
        _, kc_default = self.start()
        _, kc_numpy = self.start(GRADEBOX_PRELOAD="numpy")
        loaded = "import sys\n('numpy' in sys.modules, 'pandas' in sys.modules)"
        self.assertEqual(self.result(kc_default, loaded), "(False, False)", "IPython only")
        self.assertEqual(self.result(kc_numpy, loaded), "(True, False)")
        self.assertEqual(len(self.services()), 2, "one service per preload list")

    def test_service_ends_after_its_idle_time(self):
        km, kc = self.start(idle=2)
        self.result(kc, "1 + 1")
        services = self.services()
        self.assertEqual(len(services), 1)
        path = self.socket_path()
        time.sleep(3)
        self.assertEqual(self.services(), services, "it must live while a kernel is attached")
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        self.kernels.clear()
        self.assertEqual(support.wait_gone(services, 20), [], "it outlived its idle time")
        self.assertFalse(os.path.exists(path), "the socket file was left behind")

    def test_killed_service_is_replaced_by_the_next_kernel(self):
        _, kc_a = self.start()
        self.result(kc_a, "1 + 1")
        [old] = self.services()
        os.kill(old, signal.SIGKILL)
        self.assertEqual(support.wait_gone([old]), [])
        _, kc_b = self.start()
        self.assertEqual(self.result(kc_b, "5 + 5"), "10")
        new = self.services()
        self.assertEqual(len(new), 1, new)
        self.assertNotEqual(new, [old])
        # The first kernel lost its session with the old service; its next cells run again.
        support.run_cell(kc_a, "1", timeout=60)
        self.assertEqual(self.result(kc_a, "7 * 6"), "42")
        self.assertEqual(self.services(), new, "the first kernel must attach to the new service")


if __name__ == "__main__":
    unittest.main(verbosity=2)
