import { describe, expect, it } from "vitest";
import { parsePolicyDocument } from "../../policies/rules/shared/iamPolicy.js";
import { forgetRun } from "../../policies/rules/shared/runMemory.js";
import { iamCases } from "./cases/iam.js";
import { runCases } from "./harness.js";

runCases(iamCases);

describe("IAM documents read by several rules", () => {
  const text = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });

  it("are parsed once per run and cannot be changed by one rule under another", () => {
    forgetRun();
    const first = parsePolicyDocument(text);
    expect(parsePolicyDocument(text)).toBe(first);
    if ("error" in first) throw new Error(first.error);
    expect(() => first.statements[0]!.actions.push("s3:*")).toThrow(TypeError);
    expect(parsePolicyDocument(text)).toEqual({
      statements: [expect.objectContaining({ actions: ["s3:GetObject"] })],
    });
  });

  it("are parsed afresh in the next run", () => {
    forgetRun();
    const first = parsePolicyDocument(text);
    forgetRun();
    expect(parsePolicyDocument(text)).not.toBe(first);
  });
});
