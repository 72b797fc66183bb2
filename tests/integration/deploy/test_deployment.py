"""Deployment files checked without a cluster: the k8s manifests are valid Kubernetes objects
(kubernetes-models' schemas, tests/deploy-schemas) and carry the security, key and sharding
settings docs/operators.md describes; render.sh and the kustomization set the registry and tag;
the JupyterHub values pass the chart's values schema; the autograde entrypoint and the Slurm
array script turn their environment into the right `gradebox autograde` arguments."""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import unittest

import yaml

ROOT = os.environ.get("GRADEBOX_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../../.."))
K8S = os.path.join(ROOT, "images", "k8s")
MANIFESTS = ["course-volume.yaml", "prepare-job.yaml", "autograde-job.yaml", "export-job.yaml"]
ENTRYPOINT = os.path.join(ROOT, "images", "autograde", "entrypoint.sh")
SLURM = os.path.join(ROOT, "images", "slurm", "autograde-array.sh")
SCHEMAS = os.path.join(ROOT, "tests", "deploy-schemas")
CHART = os.path.join(ROOT, "tests", "fixtures", "zero-to-jupyterhub")


def load(path):
    with open(os.path.join(K8S, path) if not os.path.isabs(path) else path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def validate_with_kubernetes_models(objects):
    return subprocess.run(["node", "validate.mjs"], input=json.dumps(objects), cwd=SCHEMAS,
                          capture_output=True, text=True)


class KubernetesSchemas(unittest.TestCase):
    def setUp(self):
        if not shutil.which("node") or not os.path.isdir(os.path.join(SCHEMAS, "node_modules")):
            self.skipTest("node or tests/deploy-schemas/node_modules missing (scripts/install-deps.sh)")

    def test_every_manifest_is_a_valid_kubernetes_object(self):
        objects = [load(name) for name in MANIFESTS]
        done = validate_with_kubernetes_models(objects)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertEqual(done.stdout.count("valid: "), len(MANIFESTS), done.stdout)

    def test_rendered_manifests_are_valid_and_name_the_registry(self):
        out = subprocess.run(["bash", os.path.join(K8S, "render.sh"), "registry.test/gb", "v7"],
                             capture_output=True, text=True, check=True).stdout
        objects = [o for o in yaml.safe_load_all(out) if o]
        self.assertEqual(len(objects), len(MANIFESTS))
        images = re.findall(r"image: (\S+)", out)
        self.assertEqual(set(images), {"registry.test/gb/gradebox-autograde:v7"})
        done = validate_with_kubernetes_models(objects)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)

    def test_the_validator_rejects_a_broken_object(self):
        job = load("autograde-job.yaml")
        job["spec"]["completions"] = "four"
        self.assertEqual(validate_with_kubernetes_models([job]).returncode, 1)


class IndexedJobManifest(unittest.TestCase):
    def setUp(self):
        self.job = load("autograde-job.yaml")
        self.pod = self.job["spec"]["template"]["spec"]
        self.container = self.pod["containers"][0]
        self.env = {e["name"]: e["value"] for e in self.container["env"]}

    def test_is_an_indexed_job_with_one_shard_per_completion(self):
        spec = self.job["spec"]
        self.assertEqual(spec["completionMode"], "Indexed")
        self.assertGreaterEqual(spec["parallelism"], 1)
        self.assertEqual(int(self.env["GRADEBOX_SHARD_COUNT"]), spec["completions"])

    def test_pod_is_locked_down(self):
        self.assertTrue(self.pod["securityContext"]["runAsNonRoot"])
        self.assertEqual(self.pod["securityContext"]["seccompProfile"]["type"], "RuntimeDefault")
        sc = self.container["securityContext"]
        self.assertIs(sc["allowPrivilegeEscalation"], False)
        self.assertIs(sc["readOnlyRootFilesystem"], True)
        self.assertEqual(sc["capabilities"]["drop"], ["ALL"])

    def test_signing_key_is_the_secret_passed_as_key_and_never_group_writable(self):
        volumes = {v["name"]: v for v in self.pod["volumes"]}
        mounts = {m["name"]: m for m in self.container["volumeMounts"]}
        secret = volumes["signing-key"]["secret"]
        self.assertIn(secret["defaultMode"], (0o400, 0o440))
        self.assertTrue(mounts["signing-key"]["readOnly"])
        key_path = os.path.join(mounts["signing-key"]["mountPath"], secret["items"][0]["path"])
        self.assertEqual(self.env["GRADEBOX_SIGNING_KEY_FILE"], key_path)
        self.assertFalse(key_path.startswith(mounts["course"]["mountPath"]))
        # fsGroup is the pod user's own group and never relabels a volume already the pod's.
        context = self.pod["securityContext"]
        self.assertEqual(context.get("fsGroup"), context["runAsGroup"])
        self.assertEqual(context.get("fsGroupChangePolicy"), "OnRootMismatch")

    def test_course_volume_is_the_rwx_claim(self):
        claim = load("course-volume.yaml")
        self.assertEqual(claim["spec"]["accessModes"], ["ReadWriteMany"])
        for name in ("prepare-job.yaml", "autograde-job.yaml", "export-job.yaml"):
            pod = load(name)["spec"]["template"]["spec"]
            claims = [v["persistentVolumeClaim"]["claimName"] for v in pod["volumes"]
                      if "persistentVolumeClaim" in v]
            self.assertEqual(claims, [claim["metadata"]["name"]], name)

    def test_kustomization_lists_every_manifest_and_the_image(self):
        kustomization = load("kustomization.yaml")
        self.assertEqual(kustomization["resources"], MANIFESTS)
        self.assertEqual([i["name"] for i in kustomization["images"]], ["gradebox-autograde"])


def deep_merge(defaults, values):
    merged = copy.deepcopy(defaults)
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class JupyterHubValues(unittest.TestCase):
    def setUp(self):
        self.values = load("jupyterhub-values.yaml")

    def test_values_pass_the_chart_schema(self):
        try:
            import jsonschema
        except ImportError:
            self.skipTest("python3-jsonschema missing (scripts/install-deps.sh)")
        schema = load(os.path.join(CHART, "values.schema.yaml"))
        merged = deep_merge(load(os.path.join(CHART, "values.yaml")), self.values)
        errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in jsonschema.Draft7Validator(schema).iter_errors(merged)]
        self.assertEqual(errors, [])

    def test_the_schema_catches_an_unknown_key(self):
        import jsonschema
        schema = load(os.path.join(CHART, "values.schema.yaml"))
        broken = deep_merge(load(os.path.join(CHART, "values.yaml")), self.values)
        broken["singleuser"]["extraContainerConfig"] = {}
        self.assertTrue(list(jsonschema.Draft7Validator(schema).iter_errors(broken)))

    def test_spawner_security_context_keeps_fs_group(self):
        singleuser = self.values["singleuser"]
        self.assertNotIn("securityContext", singleuser.get("extraPodConfig", {}))
        self.assertEqual((singleuser["uid"], singleuser["fsGid"]), (1000, 100))
        self.assertIs(singleuser["allowPrivilegeEscalation"], False)

    def test_kernel_limits_are_ones_the_image_reads(self):
        with open(os.path.join(ROOT, "images", "singleuser", "kernel-with-limits.sh")) as f:
            wrapper = f.read()
        for name in self.values["singleuser"]["extraEnv"]:
            self.assertIn(f"${{{name}}}", wrapper.replace(":-}", "}"), name)


def run_script(argv, **env):
    # GRADEBOX_BIN=echo prints the command line the script would exec.
    full = {"PATH": os.environ["PATH"], "GRADEBOX_BIN": "echo", **env}
    return subprocess.run(["bash", *argv], env=full, capture_output=True, text=True)


class AutogradeEntrypoint(unittest.TestCase):
    def test_shard_key_and_landlock_from_the_job_environment(self):
        out = run_script([ENTRYPOINT], GRADEBOX_ASSIGNMENT="ps1", JOB_COMPLETION_INDEX="2",
                         GRADEBOX_SHARD_COUNT="4", GRADEBOX_SIGNING_KEY_FILE="/keys/signing.key")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.split(), ["autograde", "ps1", "--course", "/course", "--shard",
                                              "2/4", "--key", "/keys/signing.key",
                                              "--require-landlock"])

    def test_whole_course_without_index_and_landlock_opt_out(self):
        out = run_script([ENTRYPOINT], GRADEBOX_ASSIGNMENT="ps1", GRADEBOX_COURSE="/srv/c",
                         GRADEBOX_JOBS="3", GRADEBOX_REQUIRE_LANDLOCK="0")
        self.assertEqual(out.stdout.split(), ["autograde", "ps1", "--course", "/srv/c", "--jobs", "3"])

    def test_index_out_of_range_is_refused(self):
        out = run_script([ENTRYPOINT], GRADEBOX_ASSIGNMENT="ps1", JOB_COMPLETION_INDEX="4",
                         GRADEBOX_SHARD_COUNT="4")
        self.assertEqual(out.returncode, 2)
        self.assertIn("bad shard", out.stderr)

    def test_missing_assignment_is_refused(self):
        out = run_script([ENTRYPOINT])
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("GRADEBOX_ASSIGNMENT", out.stderr)


class SlurmArray(unittest.TestCase):
    ARGS = [SLURM, "ps1", "/shared/course", "/secure/signing.key"]

    def shard(self, **env):
        out = run_script(self.ARGS, **env)
        self.assertEqual(out.returncode, 0, out.stderr)
        words = out.stdout.split()
        return words[words.index("--shard") + 1], words

    def test_every_task_of_an_array_is_one_shard(self):
        shards = [self.shard(SLURM_ARRAY_TASK_ID=str(i), SLURM_ARRAY_TASK_COUNT="4")[0]
                  for i in range(4)]
        self.assertEqual(shards, ["0/4", "1/4", "2/4", "3/4"])

    def test_array_not_starting_at_zero_and_the_key(self):
        shard, words = self.shard(SLURM_ARRAY_TASK_ID="11", SLURM_ARRAY_TASK_MIN="10",
                                  SLURM_ARRAY_TASK_COUNT="3", SLURM_CPUS_PER_TASK="8")
        self.assertEqual(shard, "1/3")
        self.assertEqual(words[:8], ["autograde", "ps1", "--course", "/shared/course", "--key",
                                     "/secure/signing.key", "--require-landlock", "--jobs"])
        self.assertEqual(words[8], "8")

    def test_outside_an_array_or_out_of_range_is_refused(self):
        self.assertNotEqual(run_script(self.ARGS).returncode, 0)
        out = run_script(self.ARGS, SLURM_ARRAY_TASK_ID="7", SLURM_ARRAY_TASK_COUNT="4")
        self.assertEqual(out.returncode, 2)
        self.assertIn("contiguous", out.stderr)


if __name__ == "__main__":
    sys.exit(unittest.main())
