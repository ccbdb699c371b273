/** `mesh plan`'s default worker count: a worker per core and one more, never more than the domains (plan.ts). */
import { describe, expect, it } from "vitest";
import { autoJobs } from "../../cli/commands/plan.js";

describe("mesh plan --jobs auto", () => {
  it("starts a worker per usable core and one more while there are domains for them", () => {
    expect(autoJobs(3, 2)).toBe(3);
    expect(autoJobs(4, 2)).toBe(3);
    expect(autoJobs(100, 16)).toBe(17);
  });
  it("never starts more workers than the domains, nor fewer than one", () => {
    expect(autoJobs(3, 16)).toBe(3);
    expect(autoJobs(1, 4)).toBe(1);
    expect(autoJobs(0, 4)).toBe(1);
  });
});
