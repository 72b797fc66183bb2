"""The image recipe checked against the binaries `make test` built, without building an image:
every shared library they load comes from a package images/runtime/runtime-deps.sh installs (or
one of its dependencies), images/build.sh stages the build the Makefile makes and tests, and the
runtime image's HEALTHCHECK is a command line gradebox accepts.

Environment: GRADEBOX, GRADEBOX_KERNEL, GRADEBOX_WORKER, GRADEBOX_EXPORT, GRADEBOX_SOURCE_DIR.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

ROOT = Path(os.environ.get("GRADEBOX_SOURCE_DIR", Path(__file__).resolve().parents[3]))
BINARIES = [os.environ.get(name, "") for name in
            ("GRADEBOX", "GRADEBOX_KERNEL", "GRADEBOX_WORKER", "GRADEBOX_EXPORT")]
if not all(os.access(b, os.X_OK) for b in BINARIES):
    print("skipped: GRADEBOX, GRADEBOX_KERNEL, GRADEBOX_WORKER and GRADEBOX_EXPORT must name the built tools")
    sys.exit(77)
if not shutil.which("dpkg-query"):
    print("skipped: dpkg-query is needed to map libraries to Debian packages")
    sys.exit(77)


def runtime_packages():
    text = (ROOT / "images/runtime/runtime-deps.sh").read_text()
    listing = re.search(r"packages=\((.*?)\)", text, re.S).group(1)
    return {word for line in listing.splitlines() for word in line.split("#")[0].split()}


def closure(packages):
    """The packages apt would install for `packages` (Depends and Pre-Depends, recursively)."""
    seen, todo = set(), list(packages)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        done = subprocess.run(["dpkg-query", "-W", "-f=${Depends}, ${Pre-Depends}", name],
                              capture_output=True, text=True)
        for alternative in done.stdout.split(","):
            first = alternative.split("|")[0].strip().split(" ")[0].split(":")[0]
            if first:
                todo.append(first)
    return seen


def owning_package(library):
    for path in (os.path.realpath(library), library):
        done = subprocess.run(["dpkg-query", "-S", path], capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.split(":")[0]
    return None


class RuntimeStage(unittest.TestCase):
    def test_every_loaded_library_is_installed_by_runtime_deps(self):
        installed = closure(runtime_packages())
        missing = {}
        for binary in BINARIES:
            ldd = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
            for library in re.findall(r"=> (/\S+)", ldd):
                package = owning_package(library)
                if package and package not in installed:
                    missing.setdefault(package, []).append(f"{Path(binary).name}: {library}")
        self.assertEqual(missing, {}, "add these packages to images/runtime/runtime-deps.sh")

    def test_image_build_is_the_tested_one(self):
        # The images install the host build; a missing one is made by the Makefile's `build`,
        # whose build type is the one `make test` tests, never a build type of their own.
        build = (ROOT / "images/build.sh").read_text()
        self.assertIn('make -C "$src" build', build)
        self.assertNotIn("CMAKE_BUILD_TYPE", build)
        self.assertIn("cmake --install", build)


class HealthCheck(unittest.TestCase):
    def test_healthcheck_is_an_accepted_command(self):
        dockerfile = (ROOT / "images/Dockerfile").read_text()
        argv = json.loads(re.search(r"^HEALTHCHECK .*?CMD (\[.*\])$", dockerfile, re.M).group(1))
        self.assertEqual(argv[0], "gradebox")
        done = subprocess.run([BINARIES[0], *argv[1:]], capture_output=True, text=True, timeout=240)
        # 0 healthy, 1 a check failed on this host; a usage error (2 or CLI11's codes) never heals.
        self.assertIn(done.returncode, (0, 1), done.stdout + done.stderr)
        self.assertNotIn("not expected", done.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
