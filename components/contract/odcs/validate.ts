/**
 * Validation against the official ODCS v3.1.0 JSON Schema (draft 2019-09), vendored beside this file
 * (see NOTICE) so export and import work offline. Errors are reduced to the ones a person can act
 * on: ajv also reports every `if`/`oneOf` wrapper around the real failure.
 */
import type { ErrorObject, ValidateFunction } from "ajv/dist/2019.js";
import { ajv2019 } from "../../onDemand.js";
import { child, type OdcsProblem } from "./errors.js";
import schema from "./odcs-json-schema-v3.1.0.json" with { type: "json" };

export const ODCS_API_VERSION = "v3.1.0";

let compiled: ValidateFunction | undefined;

/** The compiled validator, built once: the schema is large and compiling it takes a while. */
function validator(): ValidateFunction {
  if (!compiled) {
    // The official schema lists `required` keys it declares only in subschemas, and mixes types
    // in unions: both are legal JSON Schema that ajv's strict mode would reject.
    const ajv = ajv2019({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** `/schema/0/properties/2` → `schema[0].properties[2]`. */
function pathOf(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<string>((base, s) => child(base, /^\d+$/.test(s) ? Number(s) : s), "");
}

const WRAPPERS = new Set(["if", "oneOf", "anyOf", "allOf"]);

function problemOf(e: ErrorObject): OdcsProblem {
  const path = pathOf(e.instancePath);
  const params = e.params as Record<string, unknown>;
  const extra = params.additionalProperty ?? params.unevaluatedProperty;
  if (extra !== undefined) {
    return { path: child(path, String(extra)), message: "is not an ODCS v3.1.0 property here" };
  }
  if (e.keyword === "enum") {
    const allowed = (params.allowedValues as unknown[]).map(String).join(", ");
    return { path, message: `${e.message}: ${allowed}` };
  }
  return { path: path || "(root)", message: e.message ?? e.keyword };
}

/** Problems of a document that is not a valid ODCS v3.1.0 data contract; empty when it is one. */
export function odcsSchemaProblems(doc: unknown): OdcsProblem[] {
  const validate = validator();
  if (validate(doc)) return [];
  const errors = validate.errors ?? [];
  // A union branch that did not match (`team` is not an array) is noise when another error says
  // what is wrong inside it; so are the if/oneOf wrappers themselves.
  const specific = errors.filter(
    (e) => !WRAPPERS.has(e.keyword) && !/\/(oneOf|anyOf)\/\d+\/type$/.test(e.schemaPath),
  );
  const kept = specific.length > 0 ? specific : errors;
  const seen = new Set<string>();
  return kept.map(problemOf).filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
