#!/usr/bin/python3
"""One gradebox-kernel session for an attack case (run_attack.py's `[kernel]` kind), as Jupyter
starts it: the kernelspec installed into a private prefix, the kernel started by jupyter_client
with cwd = the notebook's folder, the case's cells executed in order and their outputs printed
(the runner audits them for secrets). --frontend messages (msg_type and content, as a frontend's
websocket could send anything) go to the shell channel first. With --kill the kernel is SIGKILLed
after the cells and a second kernel is started and shut down cleanly (its start sweeps what the
first one left).

  kernel_session.py --kernel PATH --state DIR --cwd FOLDER --cells JSON [--frontend JSON] [--kill]

Every Jupyter file (kernelspec, connection files, config) goes under --state, never $HOME."""
import argparse
import json
import os
import signal
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--cwd", required=True)
    parser.add_argument("--cells", required=True, help="a JSON list of cell sources")
    parser.add_argument("--frontend", default="[]",
                        help="a JSON list of {msg_type, content} sent on the shell channel first")
    parser.add_argument("--kill", action="store_true")
    args = parser.parse_args()
    for variable, below in (("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTER_DATA_DIR", "data"),
                            ("JUPYTER_CONFIG_DIR", "config"), ("IPYTHONDIR", "ipython")):
        os.environ[variable] = os.path.join(args.state, below)
        os.makedirs(os.environ[variable], exist_ok=True)
    prefix = os.path.join(args.state, "prefix")
    # No shared warm zygote: the runner audits that nothing outlives the kernels, and the cases
    # are about the kernel's own zygote and folder (the warm service's attacks are in
    # tests/integration/kernel/test_kernel_warm_zygote.py).
    subprocess.run([args.kernel, "install", "--prefix", prefix, "--name", "gradebox-attack",
                    "--no-warm-zygote"], check=True, stdout=subprocess.DEVNULL)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    from jupyter_client.manager import start_new_kernel  # after JUPYTER_* are set

    manager, client = start_new_kernel(kernel_name="gradebox-attack", startup_timeout=120, cwd=args.cwd)
    try:
        for message in json.loads(args.frontend):
            client.shell_channel.send(client.session.msg(message["msg_type"], message["content"]))
        for source in json.loads(args.cells):
            reply = client.execute_interactive(source, timeout=120, output_hook=print_output)
            print(f"[cell status: {reply['content']['status']}]")
    finally:
        client.stop_channels()
        if args.kill:
            os.kill(manager.provisioner.process.pid, signal.SIGKILL)
            manager.provisioner.process.wait()
        else:
            manager.shutdown_kernel(now=False)
    if args.kill:  # the next kernel's start sweeps the scratch dirs of the killed one
        manager, client = start_new_kernel(kernel_name="gradebox-attack", startup_timeout=120, cwd=args.cwd)
        client.stop_channels()
        manager.shutdown_kernel(now=False)
    return 0


def print_output(message):
    content = message["content"]
    if message["msg_type"] == "stream":
        print(content["text"], end="")
    elif message["msg_type"] in ("execute_result", "display_data"):
        print(content["data"].get("text/plain", ""))
    elif message["msg_type"] == "error":
        print(f"{content['ename']}: {content['evalue']}")


if __name__ == "__main__":
    sys.exit(main())
