/** Why an ODCS document cannot become a mesh data product: each problem says where and why. */
import { InputError } from "../../inputError.js";

/** One problem, at a path in the ODCS document (`schema[0].properties[2].logicalType`). */
export interface OdcsProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * The ODCS document is invalid, uses features the mesh model has no place for, or maps to an
 * invalid data product. User input, not a bug: the CLI prints the message and exits 2.
 */
export class OdcsImportError extends InputError {
  constructor(
    readonly summary: string,
    readonly problems: readonly OdcsProblem[],
  ) {
    super([summary, ...problems.map(formatProblem)].join("\n  "));
    this.name = "OdcsImportError";
  }
}

export const formatProblem = (p: OdcsProblem) => `${p.path ? `${p.path}: ` : ""}${p.message}`;

/** The path of `key` inside `base`: `child("schema", 0)` is `schema[0]`, `child("", "id")` is `id`. */
export const child = (base: string, key: string | number): string =>
  typeof key === "number" ? `${base}[${key}]` : base ? `${base}.${key}` : key;
