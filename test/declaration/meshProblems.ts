import type { DomainDefinition } from "../../components/declaration/defineDomain.js";
import { DeclarationError, type DeclarationProblem } from "../../components/declaration/errors.js";
import { validateMesh } from "../../components/declaration/mesh.js";

/** Every problem (source, path, message) the mesh of `defs` fails with; fails the test if it is valid. */
export function meshProblems(defs: readonly DomainDefinition[]): DeclarationProblem[] {
  try {
    validateMesh(defs);
  } catch (e) {
    if (e instanceof DeclarationError) return e.problems.map((p) => ({ ...p }));
    throw e;
  }
  throw new Error("expected a DeclarationError, but the mesh is valid");
}
