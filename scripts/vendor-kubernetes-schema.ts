/**
 * Writes test/fixtures/kubernetes/kubernetes-<version>-strict.json: the strict JSON Schema
 * definitions of the Kubernetes API objects the platform may emit, and every definition they use,
 * taken unchanged from the PyPI package kubernetes-validate (Apache-2.0), which carries the
 * Kubernetes OpenAPI as JSON Schema, `-strict` meaning every object `additionalProperties: false`.
 *
 * Only the definitions reachable from {@link KINDS} are kept (the whole file is 1.8 MB): a kind the
 * platform starts to emit is added here and the file regenerated. test/components/k8sSchema.test.ts
 * names a kind it has no schema for.
 *
 * Usage (the wheel's folder once unpacked, e.g. `pip download --no-deps kubernetes-validate==1.37.0`
 * and unzip):
 *   npx tsx scripts/vendor-kubernetes-schema.ts <unpacked wheel>/kubernetes_validate/kubernetes-json-schema/v1.37.0-local-strict
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

/** Top-level definitions kept, with all they reference. */
const KINDS = [
  "io.k8s.api.core.v1.Namespace",
  "io.k8s.api.core.v1.ServiceAccount",
  "io.k8s.api.core.v1.ConfigMap",
  "io.k8s.api.core.v1.Secret",
  "io.k8s.api.core.v1.Service",
  "io.k8s.api.core.v1.Pod",
  "io.k8s.api.batch.v1.Job",
  "io.k8s.api.batch.v1.CronJob",
  "io.k8s.api.networking.v1.NetworkPolicy",
  "io.k8s.api.rbac.v1.Role",
  "io.k8s.api.rbac.v1.RoleBinding",
  // Custom resources' metadata is held to it (a CRD's schema leaves metadata to the API server).
  "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
];

const folder = process.argv[2];
if (!folder)
  throw new Error("usage: vendor-kubernetes-schema.ts <kubernetes-json-schema/vX.Y.Z-local-strict>");
const version = /^(v\d+\.\d+\.\d+)-local-strict$/.exec(basename(folder))?.[1];
if (!version) throw new Error(`${folder}: expected a folder named vX.Y.Z-local-strict`);
const all = JSON.parse(readFileSync(join(folder, "_definitions.json"), "utf8")) as {
  $defs: Record<string, unknown>;
};

const kept = new Map<string, unknown>();
const refsOf = (value: unknown, out: string[]): string[] => {
  if (Array.isArray(value)) for (const v of value) refsOf(v, out);
  else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v.replace(/^#\/\$defs\//, ""));
      else refsOf(v, out);
    }
  }
  return out;
};
const queue = [...KINDS];
while (queue.length > 0) {
  const name = queue.pop()!;
  if (kept.has(name)) continue;
  const definition = all.$defs[name];
  if (definition === undefined) throw new Error(`${name}: no such definition in ${folder}`);
  kept.set(name, definition);
  queue.push(...refsOf(definition, []));
}

const target = new URL(`../test/fixtures/kubernetes/kubernetes-${version}-strict.json`, import.meta.url);
const $defs = Object.fromEntries([...kept].sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(
  target,
  `${JSON.stringify({ $schema: "https://json-schema.org/draft/2020-12/schema", $defs }, null, 1)}\n`,
);
process.stdout.write(`wrote ${target.pathname}: ${kept.size} definitions\n`);
