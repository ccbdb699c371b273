/**
 * Holds emitted Kubernetes objects to the schemas the API server holds them to, strictly: built-in
 * kinds to the Kubernetes 1.37 OpenAPI (as strict JSON Schema: an unknown field is an error, as
 * under `kubectl apply --validate=strict`), custom resources to their operator's CRD, at the API
 * version the object names, which the CRD must serve.
 *
 * A CRD's schema is made strict the way the API server's strict field validation reads it: a field
 * not in the schema is an error (the server would otherwise prune it silently, so a misspelt field
 * would be dropped, not applied), except under `x-kubernetes-preserve-unknown-fields`.
 *
 * Every schema is vendored in test/fixtures/kubernetes/ (see its README): nothing is read from
 * outside the repository.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parseAllDocuments } from "yaml";

const FIXTURES = new URL("../fixtures/kubernetes/", import.meta.url);
export const KUBERNETES_VERSION = "v1.37.0";
/** The CRDs of the operators the platform targets, as upstream ships them. */
export const CRD_FILES = [
  "crds/strimzi-1.2.0-kafkaconnector.crd.yaml",
  "crds/spark-operator-v2.5.2-scheduledsparkapplications.crd.yaml",
];

type Schema = Record<string, any>;
const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
const K8S_ID = "https://kubernetes.io/api/definitions.json";

interface Gvk {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}
const key = ({ group, version, kind }: Gvk) => `${group}/${version}/${kind}`;

/** `apps/v1` → group apps, version v1; `v1` → the core group "". */
export function gvkOf(object: { apiVersion?: unknown; kind?: unknown }): Gvk {
  const apiVersion = String(object.apiVersion ?? "");
  const slash = apiVersion.lastIndexOf("/");
  return {
    group: slash < 0 ? "" : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    kind: String(object.kind ?? ""),
  };
}

/**
 * A CRD version's openAPIV3Schema as the API server applies it strictly: objects admit only their
 * listed properties unless they preserve unknown fields; `nullable` admits null; int-or-string
 * admits both. `metadata` is the API server's ObjectMeta, not the CRD's (CRDs leave it open).
 */
export function strictCrdSchema(schema: Schema, top = true): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(v as Record<string, Schema>).map(([name, s]) => [
          name,
          top && name === "metadata"
            ? { $ref: `${K8S_ID}#/$defs/${OBJECT_META}` }
            : strictCrdSchema(s, false),
        ]),
      );
    } else if (k === "items" || (k === "additionalProperties" && typeof v === "object")) {
      out[k] = strictCrdSchema(v as Schema, false);
    } else if (k === "allOf" || k === "anyOf" || k === "oneOf") {
      // These only constrain (a structural schema declares its fields outside them): no strictness
      // of their own, or a branch would refuse fields the schema around it declares.
      out[k] = (v as Schema[]).map((s) => lenient(s));
    } else {
      out[k] = v;
    }
  }
  if (schema["x-kubernetes-int-or-string"] === true) {
    delete out.type;
    out.anyOf = [...(out.anyOf ?? []), { type: "integer" }, { type: "string" }];
  }
  const preserves = schema["x-kubernetes-preserve-unknown-fields"] === true;
  if (schema.type === "object" && schema.additionalProperties === undefined && !preserves) {
    out.additionalProperties = false;
  }
  if (schema.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  return out;
}

const lenient = (schema: Schema): Schema => {
  const { additionalProperties: _, ...rest } = schema;
  return rest;
};

interface Crd {
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly { name: string; served: boolean; schema: { openAPIV3Schema: Schema } }[];
  };
}

export class KubernetesSchemas {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly builtIn = new Map<string, string>();
  private readonly crds = new Map<string, Crd>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    (addFormats as unknown as (a: Ajv2020) => void)(this.ajv);
    // Kubernetes' own formats, as the API server reads them: not checked here.
    for (const format of ["int-or-string", "quantity", "byte"]) this.ajv.addFormat(format, true);
    const definitions = JSON.parse(
      readFileSync(new URL(`kubernetes-${KUBERNETES_VERSION}-strict.json`, FIXTURES), "utf8"),
    ) as { $defs: Record<string, Schema> };
    this.ajv.addSchema({ ...definitions, $id: K8S_ID });
    for (const [name, definition] of Object.entries(definitions.$defs)) {
      for (const gvk of (definition["x-kubernetes-group-version-kind"] ?? []) as Gvk[]) {
        this.builtIn.set(key(gvk), name);
      }
    }
    for (const file of CRD_FILES) {
      for (const document of parseAllDocuments(readFileSync(new URL(file, FIXTURES), "utf8"))) {
        const crd = document.toJS() as Crd | null;
        if (crd?.spec) this.crds.set(`${crd.spec.group}/${crd.spec.names.kind}`, crd);
      }
    }
  }

  /** Every reason the API server would refuse `object` (empty: it holds to its schema). */
  errors(object: Record<string, unknown>): string[] {
    const gvk = gvkOf(object);
    const validate = this.validator(gvk);
    if (typeof validate === "string") return [validate];
    return validate(object) ? [] : (validate.errors ?? []).map(describe);
  }

  /** Every reason `value` does not hold to one Kubernetes definition, e.g. `io.k8s.api.networking.v1.NetworkPolicySpec`. */
  definitionErrors(definition: string, value: unknown): string[] {
    let validate = this.compiled.get(definition);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${K8S_ID}#/$defs/${definition}` });
      this.compiled.set(definition, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map(describe);
  }

  private validator(gvk: Gvk): ValidateFunction | string {
    const cached = this.compiled.get(key(gvk));
    if (cached) return cached;
    let schema: Schema;
    const definition = this.builtIn.get(key(gvk));
    const crd = this.crds.get(`${gvk.group}/${gvk.kind}`);
    if (definition !== undefined) {
      schema = { $ref: `${K8S_ID}#/$defs/${definition}` };
    } else if (crd !== undefined) {
      const served = crd.spec.versions.filter((v) => v.served);
      const version = served.find((v) => v.name === gvk.version);
      if (version === undefined) {
        return `${gvk.group}/${gvk.version} ${gvk.kind} is not served by its CRD (served: ${served.map((v) => `${gvk.group}/${v.name}`).join(", ")})`;
      }
      const root = strictCrdSchema(version.schema.openAPIV3Schema);
      schema = {
        ...root,
        required: [...new Set([...(root.required ?? []), "apiVersion", "kind"])],
        properties: {
          ...root.properties,
          apiVersion: { const: `${gvk.group}/${gvk.version}` },
          kind: { const: gvk.kind },
        },
      };
    } else {
      return `no schema for ${key(gvk)}: vendor its definition (scripts/vendor-kubernetes-schema.ts) or its CRD (test/fixtures/kubernetes/README.md)`;
    }
    const validate = this.ajv.compile(schema);
    this.compiled.set(key(gvk), validate);
    return validate;
  }
}

function describe(e: ErrorObject): string {
  const at = e.instancePath || "/";
  if (e.keyword === "additionalProperties") return `${at}: unknown field "${e.params.additionalProperty}"`;
  if (e.keyword === "enum") return `${at}: ${e.message} ${JSON.stringify(e.params.allowedValues)}`;
  if (e.keyword === "const") return `${at}: must be ${JSON.stringify(e.params.allowedValue)}`;
  return `${at}: ${e.message}`;
}
