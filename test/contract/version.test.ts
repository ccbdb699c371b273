/**
 * What a changed contract's version must say, on its own (the CLI gate around it:
 * test/contract/versionGate.test.ts): compatible changes need a later version than the published
 * one, and the message offers the next patch and minor.
 */
import { describe, expect, it } from "vitest";
import type { ContractChange } from "../../components/contract/diff.js";
import { compatibleBumps, versionBumpProblem } from "../../components/contract/version.js";

const added: ContractChange = {
  class: "compatible",
  path: "schema.coupon",
  description: "field added",
  reason: "consumers that do not read it are unaffected",
};
const removed: ContractChange = {
  class: "breaking",
  path: "schema.note",
  description: "field removed",
  reason: "consumers that read it fail",
};
const problem = (before: string, after: string, changes: ContractChange[] = [added]) =>
  versionBumpProblem({ version: before }, { version: after }, changes);

describe("compatibleBumps", () => {
  it("offers the next patch and the next minor, ignoring a pre-release or build label", () => {
    expect(compatibleBumps("1.2.3")).toEqual({ patch: "1.2.4", minor: "1.3.0" });
    expect(compatibleBumps("2.0.9-rc.1+build.7")).toEqual({ patch: "2.0.10", minor: "2.1.0" });
  });
});

describe("versionBumpProblem", () => {
  it("refuses compatible changes under the published version, saying which and what to publish", () => {
    expect(problem("1.2.3", "1.2.3")).toBe(
      "compatible changes to version 1.2.3 without a version bump (still 1.2.3): schema.coupon: field added (consumers that do not read it are unaffected). Publish them as 1.2.4 (patch) or 1.3.0 (minor).",
    );
  });

  it("refuses an older version, lower in any part", () => {
    expect(problem("1.2.3", "1.2.2")).toMatch(/without a version bump \(now 1\.2\.2\)/);
    expect(problem("1.2.3", "1.1.9")).toMatch(/\(now 1\.1\.9\)/);
    expect(problem("2.0.0", "1.9.9")).toMatch(/\(now 1\.9\.9\)/);
  });

  it("lists every change", () => {
    const renamed: ContractChange = {
      class: "compatible",
      path: "description",
      description: "changed",
      reason: "informational",
    };
    expect(problem("1.0.0", "1.0.0", [added, renamed])).toMatch(
      /: schema\.coupon: field added \(consumers that do not read it are unaffected\); description: changed \(informational\)\. Publish/,
    );
  });

  it("accepts a later patch, minor or major, and a differing label on the same core", () => {
    for (const after of ["1.2.4", "1.3.0", "2.0.0", "1.2.3-rc.1"])
      expect(problem("1.2.3", after)).toBeUndefined();
  });

  it("has nothing to say when nothing changed or a change is breaking (that is the major's rule)", () => {
    expect(problem("1.2.3", "1.2.3", [])).toBeUndefined();
    expect(problem("1.2.3", "1.2.3", [added, removed])).toBeUndefined();
  });
});
