import { describe, expect, it } from "vitest";
import { forgetRun, runMemory, stackOf } from "../../policies/rules/shared/runMemory.js";

describe("what rules remember within a run", () => {
  it("tells a resource's stack by its URN up to the second ::, as the URN's first two parts", () => {
    const urns = [
      "urn:pulumi:orders-dev::mesh::mesh:index:Domain$aws:s3/bucket:Bucket::orders-raw",
      "urn:pulumi:orders-dev::mesh",
      "urn:pulumi:orders-dev::mesh::",
      "urn:pulumi:orders-dev",
      "::mesh::x",
      "",
    ];
    expect(urns.map(stackOf)).toEqual([
      "urn:pulumi:orders-dev::mesh",
      "urn:pulumi:orders-dev::mesh",
      "urn:pulumi:orders-dev::mesh",
      "urn:pulumi:orders-dev",
      "::mesh",
      "",
    ]);
    // The same as joining the first two parts of the URN split at ::.
    for (const urn of urns) expect(stackOf(urn)).toBe(urn.split("::").slice(0, 2).join("::"));
  });

  it("forgets everything at the start of a run", () => {
    const memory = runMemory<string, number>();
    memory.set("orders-dev", 1);
    forgetRun();
    expect(memory.size).toBe(0);
  });
});
