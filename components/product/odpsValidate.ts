/**
 * Validation against the official ODPS v1.0.0 JSON Schema (draft 2019-09), vendored beside this file
 * (see NOTICE) so export and import work offline. The schema has no unions, so each ajv error is
 * already one a person can act on; it is only put in the words and paths the ODCS side uses.
 */
import type { ErrorObject, ValidateFunction } from "ajv/dist/2019.js";
import { child, type OdcsProblem } from "../contract/odcs/errors.js";
import { ajv2019 } from "../onDemand.js";
import schema from "./odps-json-schema-v1.0.0.json" with { type: "json" };

/** The version the export writes; import also reads v0.9.0, which the same schema accepts. */
export const ODPS_API_VERSION = "v1.0.0";

/** A problem at a key path of the descriptor (`outputPorts[0].contractId`). */
export type OdpsProblem = OdcsProblem;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // strictRequired off: the schema's `required` lists are legal JSON Schema ajv's strict mode flags.
  compiled ??= (() => {
    const ajv = ajv2019({ allErrors: true, strict: true, strictRequired: false });
    return ajv.compile(schema);
  })();
  return compiled;
}

/** `/outputPorts/0/contractId` → `outputPorts[0].contractId`. */
const pathOf = (pointer: string) =>
  pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<string>((base, s) => child(base, /^\d+$/.test(s) ? Number(s) : s), "");

function problemOf(e: ErrorObject): OdpsProblem {
  const path = pathOf(e.instancePath);
  const params = e.params as Record<string, unknown>;
  if (params.additionalProperty !== undefined) {
    return { path: child(path, String(params.additionalProperty)), message: "is not an ODPS property here" };
  }
  if (params.missingProperty !== undefined) {
    return { path: child(path, String(params.missingProperty)), message: "is required" };
  }
  if (e.keyword === "enum") {
    return { path, message: `${e.message}: ${(params.allowedValues as unknown[]).join(", ")}` };
  }
  return { path: path || "(root)", message: e.message ?? e.keyword };
}

/** Problems of a document that is not a valid ODPS v1.0.0 descriptor; empty when it is one. */
export function odpsSchemaProblems(doc: unknown): OdpsProblem[] {
  const validate = validator();
  return validate(doc) ? [] : (validate.errors ?? []).map(problemOf);
}
