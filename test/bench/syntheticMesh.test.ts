/**
 * `npm run bench` plans synthetic meshes; a mesh the platform refuses measures nothing (the bench
 * once failed on consent rules added after it was written). The meshes it plans must be valid.
 */
import { describe, expect, it } from "vitest";
import { syntheticDefinitions } from "../../bench/syntheticMesh.js";
import { validateMesh } from "../../components/declaration/mesh.js";

describe("the bench's synthetic meshes", () => {
  it.each([
    10, 100, 1000,
  ])("%i products form a valid mesh, each domain consuming its predecessor", (products) => {
    const mesh = validateMesh(syntheticDefinitions(products), { namePrefix: "acme", environments: ["dev"] });
    expect(mesh.domains.flatMap((d) => d.dataProducts)).toHaveLength(products);
    expect(mesh.domains.slice(1).every((d) => d.consumes.length === 1)).toBe(true);
  });
});
