"""Builds the images as an operator would (images/build.sh from the build `make test` tested, on
a debootstrap bookworm base made once and reused) and checks their sizes: autograde under 500 MB,
singleuser under 800 MB. The other images.* tests use what this built (tag GRADEBOX_IMAGE_TAG).
Environment: GRADEBOX_BUILD_DIR (the configured and built tree).
"""
import os
import subprocess
import sys
import time
import unittest

from podman_support import AUTOGRADE, ROOT, SINGLEUSER, TAG, Podman

LIMITS_MB = {AUTOGRADE: 500, SINGLEUSER: 800}


class Images(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.podman = Podman()
        started = time.monotonic()
        cls.done = subprocess.run(
            [str(ROOT / "images/build.sh"), "--build-dir", os.environ["GRADEBOX_BUILD_DIR"],
             "--tag", TAG], capture_output=True, text=True, timeout=3000)
        print(cls.done.stdout[-3000:], cls.done.stderr[-3000:], sep="\n")
        print(f"images built in {time.monotonic() - started:.0f} s")

    def test_build_succeeds(self):
        self.assertEqual(self.done.returncode, 0)

    def test_sizes_are_within_target(self):
        for image, limit in LIMITS_MB.items():
            size = subprocess.run(self.podman.command("image", "inspect", "--format", "{{.Size}}",
                                                      image), capture_output=True, text=True)
            self.assertEqual(size.returncode, 0, size.stderr)
            megabytes = int(size.stdout) / 1e6
            print(f"{image}: {megabytes:.0f} MB (target < {limit} MB)")
            self.assertLess(megabytes, limit, image)


if __name__ == "__main__":
    sys.exit(unittest.main(verbosity=2))
