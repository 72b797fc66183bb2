"""Deployment files checked without Docker or a cluster: the k8s manifests parse and carry the
security and sharding settings the README promises, and the autograde entrypoint turns the Indexed
Job's environment into the right `gradebox autograde` arguments."""
import os
import subprocess
import sys
import unittest

import yaml

ROOT = os.environ.get("GRADEBOX_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../../.."))
K8S = os.path.join(ROOT, "images", "k8s")
ENTRYPOINT = os.path.join(ROOT, "images", "autograde", "entrypoint.sh")


def load(name):
    with open(os.path.join(K8S, name), encoding="utf-8") as f:
        return yaml.safe_load(f)


class IndexedJobManifest(unittest.TestCase):
    def setUp(self):
        self.job = load("autograde-job.yaml")
        self.pod = self.job["spec"]["template"]["spec"]
        self.container = self.pod["containers"][0]

    def test_is_an_indexed_job(self):
        self.assertEqual(self.job["kind"], "Job")
        spec = self.job["spec"]
        self.assertEqual(spec["completionMode"], "Indexed")
        self.assertGreaterEqual(spec["parallelism"], 1)
        env = {e["name"]: e["value"] for e in self.container["env"]}
        self.assertEqual(int(env["GRADEBOX_SHARD_COUNT"]), spec["completions"])

    def test_pod_is_locked_down(self):
        self.assertTrue(self.pod["securityContext"]["runAsNonRoot"])
        self.assertEqual(self.pod["securityContext"]["seccompProfile"]["type"], "RuntimeDefault")
        sc = self.container["securityContext"]
        self.assertIs(sc["allowPrivilegeEscalation"], False)
        self.assertIs(sc["readOnlyRootFilesystem"], True)
        self.assertEqual(sc["capabilities"]["drop"], ["ALL"])

    def test_has_resource_limits_and_course_volume(self):
        limits = self.container["resources"]["limits"]
        self.assertIn("memory", limits)
        self.assertIn("cpu", limits)
        mounts = {m["mountPath"] for m in self.container["volumeMounts"]}
        self.assertIn("/course", mounts)


class JupyterHubValues(unittest.TestCase):
    def test_selects_the_gradebox_image_and_limits(self):
        values = load("jupyterhub-values.yaml")
        self.assertIn("singleuser", values["singleuser"]["image"]["name"])
        self.assertIn("limit", values["singleuser"]["memory"])
        sc = values["singleuser"]["extraContainerConfig"]["securityContext"]
        self.assertIs(sc["allowPrivilegeEscalation"], False)


class AutogradeEntrypoint(unittest.TestCase):
    def run_entrypoint(self, **env):
        # GRADEBOX_BIN=echo prints the command line the entrypoint would exec.
        full = {"PATH": os.environ["PATH"], "GRADEBOX_BIN": "echo", **env}
        return subprocess.run(["bash", ENTRYPOINT], env=full, capture_output=True, text=True)

    def test_shard_from_job_completion_index(self):
        out = self.run_entrypoint(GRADEBOX_ASSIGNMENT="ps1", JOB_COMPLETION_INDEX="2",
                                  GRADEBOX_SHARD_COUNT="4")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.split(), ["autograde", "ps1", "--course", "/course", "--shard", "2/4"])

    def test_whole_course_without_index(self):
        out = self.run_entrypoint(GRADEBOX_ASSIGNMENT="ps1", GRADEBOX_COURSE="/srv/c", GRADEBOX_JOBS="3")
        self.assertEqual(out.stdout.split(), ["autograde", "ps1", "--course", "/srv/c", "--jobs", "3"])

    def test_index_out_of_range_is_refused(self):
        out = self.run_entrypoint(GRADEBOX_ASSIGNMENT="ps1", JOB_COMPLETION_INDEX="4",
                                  GRADEBOX_SHARD_COUNT="4")
        self.assertEqual(out.returncode, 2)
        self.assertIn("bad shard", out.stderr)

    def test_missing_assignment_is_refused(self):
        out = self.run_entrypoint()
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("GRADEBOX_ASSIGNMENT", out.stderr)


if __name__ == "__main__":
    sys.exit(unittest.main())
