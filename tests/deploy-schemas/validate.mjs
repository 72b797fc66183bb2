// Validates Kubernetes objects against the API schemas of kubernetes-models (package-lock pins
// the version). Reads a JSON array of objects on stdin (the test converts the YAML); prints one
// line per object and exits 1 when any is invalid or of an unknown apiVersion/kind.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(0, "utf8"));
let failures = 0;
for (const object of objects) {
  const label = `${object.apiVersion}/${object.kind} ${object.metadata?.name ?? "?"}`;
  const [group, version] = object.apiVersion.includes("/")
    ? object.apiVersion.split("/") : [null, object.apiVersion];
  const modulePath = group ? `${group}/${version}/${object.kind}` : `${version}/${object.kind}`;
  try {
    const models = await import(`kubernetes-models/${modulePath}`);
    new models[object.kind](object).validate();
    console.log(`valid: ${label}`);
  } catch (error) {
    failures += 1;
    console.log(`INVALID: ${label}: ${error.message}`);
  }
}
process.exit(failures ? 1 : 0);
