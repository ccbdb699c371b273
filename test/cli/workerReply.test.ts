/** A plan worker's answer is untrusted data: mesh plan takes a plan of the stack it asked for, or a failure (workerReply.ts). */
import { describe, expect, it } from "vitest";
import { EXIT } from "../../cli/errors.js";
import type { StackFile } from "../../cli/plan/stackFile.js";
import { checkedOutcome, printedText } from "../../cli/plan/workerReply.js";

const stack = { name: "orders-dev", domain: "orders", environment: "dev" } as StackFile;
const resource = {
  urn: "urn:pulumi:orders-dev::data-mesh::aws:s3/bucket:Bucket::b",
  type: "aws:s3/bucket:Bucket",
  name: "b",
  inputs: { bucket: "b" },
  custom: true,
  dependencies: [],
};
const planned = (plan: Record<string, unknown>) => ({
  kind: "planned",
  plan: { stack: "orders-dev", project: "data-mesh", resources: [resource], outputs: {}, notes: [], ...plan },
});
const failure = (outcome: unknown) => {
  const checked = checkedOutcome(outcome, stack);
  expect(checked.kind).toBe("failed");
  return checked as { message: string; exit: number };
};

describe("a plan worker's answer", () => {
  it("is taken as it is when it is a well-formed plan of the stack asked for", () => {
    const outcome = planned({});
    expect(checkedOutcome(outcome, stack)).toBe(outcome);
  });

  it("cannot pass a stack by failing it with exit 0 (or any code but the user's input's)", () => {
    expect(failure({ kind: "failed", message: "m", exit: 0 })).toEqual({
      kind: "failed",
      message: "m",
      exit: EXIT.internal,
    });
    expect(failure({ kind: "failed", message: "m", exit: EXIT.policy }).exit).toBe(EXIT.internal);
    expect(failure({ kind: "failed", message: "bad declaration", exit: EXIT.input }).exit).toBe(EXIT.input);
    expect(failure({ kind: "failed", exit: 2 }).message).toBe("failed without saying why");
  });

  it("is refused when it is another stack's plan, or holds another stack's resource", () => {
    expect(failure(planned({ stack: "customers-dev" })).message).toBe(
      'the worker planning it sent the plan of "customers-dev", not a plan',
    );
    const foreign = { ...resource, urn: "urn:pulumi:customers-dev::data-mesh::aws:s3/bucket:Bucket::b" };
    expect(failure(planned({ resources: [resource, foreign] })).message).toContain(
      'resource 1 has URN "urn:pulumi:customers-dev::',
    );
  });

  it.each([
    ["nothing", undefined],
    ["an unknown kind", { kind: "judged" }],
    ["a plan without resources", planned({ resources: "none" })],
    ["a resource without a type", planned({ resources: [{ ...resource, type: 1 }] })],
    ["a resource without inputs", planned({ resources: [{ ...resource, inputs: null }] })],
    ["a resource whose protect is not a boolean", planned({ resources: [{ ...resource, protect: "yes" }] })],
    ["dependencies that are not URNs", planned({ resources: [{ ...resource, dependencies: [1] }] })],
    ["notes that are not text", planned({ notes: [{}] })],
  ])("is refused, as an internal error, when it is %s", (_, outcome) => {
    const { exit, message } = failure(outcome);
    expect(exit).toBe(EXIT.internal);
    expect(message).toMatch(/^the worker planning it sent .*, not a plan$/);
  });

  it("prints only text", () => {
    expect(printedText("hello\n")).toBe("hello\n");
    expect(printedText({ toString: () => "forged" })).toBe("");
  });
});
