/**
 * The test every domain gets (`mesh new domain` writes one): its declaration is valid within the
 * mesh, and its dev and prod stacks plan with no mandatory policy violation.
 */
import { describe, expect, it } from "vitest";
import { planStack } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { evaluatePolicies } from "../../policies/engine/evaluate.js";
import { loadMesh } from "../../program/loadMesh.js";

export function describeDomain(name: string, environments: readonly string[] = ["dev", "prod"]): void {
  describe(`domain ${name}`, () => {
    it("is declared and valid within the mesh", async () => {
      const mesh = await loadMesh();
      expect(mesh.domains.map((d) => d.name)).toContain(name);
    });

    for (const env of environments) {
      it(`plans ${name}-${env} with no mandatory policy violation`, async () => {
        const plan = await planStack(readStackFile(`stacks/Pulumi.${name}-${env}.yaml`));
        const node = plan.resources.find((r) => r.type === "mesh:index:Domain");
        expect(node?.name).toBe(name);
        // A table per product version; a topic and its dead-letter topic per version that ingests (none
        // for a product derived only from other products, `ingestion: false`).
        const products = (await loadMesh()).products.filter((p) => p.ref.domain === name);
        const ofType = (type: string) => plan.resources.filter((r) => r.type === type);
        expect(ofType("aws:glue/catalogTable:CatalogTable").length).toBeGreaterThanOrEqual(products.length);
        expect(ofType("kafka:index/topic:Topic")).toHaveLength(2 * products.filter((p) => p.raw).length);
        const violations = await evaluatePolicies([...plan.resources], { environment: env });
        expect(violations.filter((v) => v.level === "mandatory")).toEqual([]);
      });
    }
  });
}
