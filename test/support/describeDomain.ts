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
        expect(plan.resources.filter((r) => r.type === "kafka:index/topic:Topic").length).toBeGreaterThan(0);
        const violations = await evaluatePolicies([...plan.resources], { environment: env });
        expect(violations.filter((v) => v.level === "mandatory")).toEqual([]);
      });
    }
  });
}
