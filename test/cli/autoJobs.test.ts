/** `mesh plan`'s default worker count: workers only where their start-up is repaid (plan.ts). */
import { describe, expect, it } from "vitest";
import { autoJobs, STACKS_PER_WORKER } from "../../cli/commands/plan.js";

describe("mesh plan --jobs auto", () => {
  it("plans the shipped six stacks, and anything below two workers' worth, in the mesh process", () => {
    expect(autoJobs(6, 2)).toBe(1);
    expect(autoJobs(2 * STACKS_PER_WORKER - 1, 8)).toBe(1);
  });
  it("starts one worker per STACKS_PER_WORKER stacks, never more than the cores", () => {
    expect(autoJobs(2 * STACKS_PER_WORKER, 8)).toBe(2);
    expect(autoJobs(200, 2)).toBe(2);
    expect(autoJobs(200, 16)).toBe(5);
    expect(autoJobs(0, 4)).toBe(1);
  });
});
