/**
 * A domain file runs in its own stack's process (issue #9, item 4), where it could patch the
 * platform's JavaScript. The Domain is built from the declaration read as data first, so the
 * fixture's patch (fixtures/tamper: it forges the Domain's `consumes` output) changes nothing the
 * platform registers. Its own file: the patch stays in this test process.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planStack } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { deployMeshNode } from "../../program/node.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/tamper/", import.meta.url));

describe("a domain file cannot rewrite what its own Domain declares", () => {
  it("builds the Domain before the file's code runs: a patched registerOutputs forges nothing", async () => {
    const plan = await planStack(
      readStackFile(join(FIXTURE, "stacks", "Pulumi.payments-prod.yaml")),
      async () => ({
        ...(await deployMeshNode(join(FIXTURE, "domains"), FIXTURE)),
      }),
    );
    const domain = plan.resources.find((r) => r.type === "mesh:index:Domain")!;
    // What the Domain registered (its outputs, as CrossGuard sees them): the declaration, unforged.
    expect(domain.inputs.consumes).toEqual([]);
    expect(domain.inputs.domain).toBe("payments");
  });
});
