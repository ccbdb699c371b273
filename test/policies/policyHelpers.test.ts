/**
 * The shared helpers every rule reads resources through (policies/rules/shared): how an IAM policy
 * document is read, which documents a resource carries, what a rule does with a resource of
 * another type, and how values unknown at preview are told apart from bugs.
 */
import type { ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { UNKNOWN_STRING } from "../../policies/engine/index.js";
import {
  actionMatches,
  conditionsEndingWith,
  parsePolicyDocument,
} from "../../policies/rules/shared/iamPolicy.js";
import { PERMISSION_POLICY_TYPES, permissionDocuments } from "../../policies/rules/shared/policyDocuments.js";
import { asArray, asRecord } from "../../policies/rules/shared/resource.js";
import { stackOf } from "../../policies/rules/shared/runMemory.js";
import { knownOrUndefined, knownString, UnknownDeferral } from "../../policies/rules/shared/unknown.js";
import type { MeshResourcePolicy } from "../../policies/rules/types.js";
import { UnknownValueError, unknownCheckingProxy } from "../../sdk/policy.js";
import { findings, resource, ruleNamed } from "./harness.js";

const OIDC = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE";

describe("parsePolicyDocument: an IAM policy document as the rules read it", () => {
  it('normalises each statement: lists or scalars, NotAction/NotResource, Principal "*", conditions', () => {
    const parsed = parsePolicyDocument(
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Deny",
            Principal: "*",
            NotAction: "s3:GetObject",
            NotResource: ["arn:aws:s3:::acme-raw", "arn:aws:s3:::acme-raw/*"],
            // An operator not followed by a key → values map (AWS rejects it) adds no condition.
            Condition: { Bool: { "aws:SecureTransport": false }, Null: "true" },
          },
          {
            Effect: "Allow",
            Principal: { AWS: ["arn:aws:iam::111122223333:root", "*"], Service: "glue.amazonaws.com" },
            Action: ["s3:GetObject", "s3:ListBucket"],
            Resource: null,
          },
        ],
      }),
    );
    expect(parsed).toEqual({
      statements: [
        {
          index: 0,
          effect: "Deny",
          actions: [],
          notActions: ["s3:GetObject"],
          resources: [],
          notResources: ["arn:aws:s3:::acme-raw", "arn:aws:s3:::acme-raw/*"],
          principals: [{ type: "*", value: "*" }],
          conditions: { Bool: { "aws:SecureTransport": ["false"] } },
        },
        {
          index: 1,
          effect: "Allow",
          actions: ["s3:GetObject", "s3:ListBucket"],
          notActions: [],
          resources: [],
          notResources: [],
          principals: [
            { type: "AWS", value: "arn:aws:iam::111122223333:root" },
            { type: "AWS", value: "*" },
            { type: "Service", value: "glue.amazonaws.com" },
          ],
          conditions: {},
        },
      ],
    });
  });

  it("finds condition keys by suffix under any operator, ignoring case", () => {
    const parsed = parsePolicyDocument({
      Statement: {
        Effect: "Allow",
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${OIDC}:sub`]: "system:serviceaccount:sales:orders",
            [`${OIDC}:aud`]: "sts.amazonaws.com",
          },
          StringLike: { [`${OIDC}:SUB`]: ["system:serviceaccount:sales:*"] },
        },
      },
    });
    if ("error" in parsed) throw new Error(parsed.error);
    expect(conditionsEndingWith(parsed.statements[0]!, ":sub")).toEqual([
      { operator: "StringEquals", key: `${OIDC}:sub`, values: ["system:serviceaccount:sales:orders"] },
      { operator: "StringLike", key: `${OIDC}:SUB`, values: ["system:serviceaccount:sales:*"] },
    ]);
    expect(conditionsEndingWith(parsed.statements[0]!, ":amr")).toEqual([]);
  });
});

describe("actionMatches: IAM wildcards against an action or ARN", () => {
  it("answers a tenant's pathological pattern at once (a backtracking regex took hours on it)", () => {
    // `*a` twelve times then `*b`: a regex tries every way to split the a's among the stars.
    const pattern = `s3:${"*a".repeat(12)}*b`;
    expect(actionMatches(pattern, `s3:${"a".repeat(60)}c`)).toBe(false);
    expect(actionMatches(pattern, `s3:${"a".repeat(60)}B`)).toBe(true);
  });

  it("reads * and ? as IAM does, and ignores case", () => {
    expect(actionMatches("s3:Get*", "s3:GetObject")).toBe(true);
    expect(actionMatches("s3:Get?bject", "s3:GetObject")).toBe(true);
    expect(actionMatches("s3:Get?bject", "s3:GetObjject")).toBe(false);
    expect(actionMatches("S3:getobject", "s3:GetObject")).toBe(true);
  });

  it("takes every other character literally, as in a bucket name with dots", () => {
    expect(actionMatches("arn:aws:s3:::acme.raw/*", "arn:aws:s3:::acme.raw/orders/1.json")).toBe(true);
    expect(actionMatches("arn:aws:s3:::acme.raw/*", "arn:aws:s3:::acmeXraw/orders")).toBe(false);
    expect(actionMatches("arn:aws:s3:::acme+raw", "arn:aws:s3:::acme+raw")).toBe(true);
  });
});

describe("permission documents: what the iam-* rules read on a resource", () => {
  const policy = (document: unknown) => resource("aws:iam/policy:Policy", { policy: document });
  const messages = async (r: ReturnType<typeof policy>) =>
    (await findings("iam-no-wildcard-action", [r])).map((v) => v.message);

  it("reports a document that is not one, naming the field and what is wrong", async () => {
    const suffix = "; it must be an IAM policy document.";
    expect(await messages(policy("{Statement"))).toEqual([`policy is not valid JSON${suffix}`]);
    expect(await messages(policy("[]"))).toEqual([`policy is not a JSON object${suffix}`]);
    expect(await messages(policy("null"))).toEqual([`policy is not a JSON object${suffix}`]);
    const mixed = { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, "s3:*"] };
    expect(await messages(policy(JSON.stringify(mixed)))).toEqual([
      `policy has a Statement that is not an object${suffix}`,
    ]);
  });

  it("skips a role's empty inline policy block (how Pulumi removes all inline policies) but reads the others", async () => {
    const role = (inlinePolicies: unknown[]) => resource("aws:iam/role:Role", { inlinePolicies });
    expect(await findings("iam-no-wildcard-action", [role([{}])])).toEqual([]);
    const found = await findings("iam-no-wildcard-action", [role([{}, { name: "bad", policy: "[1]" }])]);
    expect(found.map((v) => v.message)).toEqual([
      "inlinePolicies[1].policy is not a JSON object; it must be an IAM policy document.",
    ]);
  });

  it("are the policy of IAM policy types and a role's inline policies, never a bucket policy", () => {
    const document = { Statement: [] };
    for (const type of PERMISSION_POLICY_TYPES)
      expect(permissionDocuments(type, { policy: document })).toEqual([{ field: "policy", document }]);
    expect(
      permissionDocuments("aws:iam/role:Role", { inlinePolicies: [{ name: "a", policy: document }] }),
    ).toEqual([{ field: "inlinePolicies[0].policy", document }]);
    expect(permissionDocuments("aws:s3/bucketPolicy:BucketPolicy", { policy: document })).toEqual([]);
  });

  it("flag a trust policy naming * among other principals", async () => {
    const role = resource("aws:iam/role:Role", {
      assumeRolePolicy: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: ["arn:aws:iam::111122223333:root", "*"] },
            Action: "sts:AssumeRole",
          },
        ],
      }),
    });
    const found = await findings("iam-trust-no-wildcard-principal", [role]);
    expect(found.map((v) => v.message)).toEqual([
      'assumeRolePolicy Statement[0]: Principal "*" lets anyone assume the role; name the principal.',
    ]);
  });
});

describe("forTypes: a rule called by the Pulumi policy server on a resource of another type", () => {
  it("answers not applicable, naming the types it applies to, and checks nothing", () => {
    const rule = ruleNamed("iam-no-wildcard-action") as MeshResourcePolicy;
    const validate = rule.validateResource as ResourceValidation;
    const reported: string[] = [];
    let reason: string | undefined;
    const args = {
      type: "aws:s3/bucket:Bucket",
      props: { policy: "not JSON" },
      notApplicable: (why?: string) => {
        reason = why;
        throw new Error("not applicable");
      },
    } as unknown as ResourceValidationArgs;
    expect(() => validate(args, (message) => reported.push(String(message)))).toThrow("not applicable");
    expect(reason).toBe(
      "applies only to aws:iam/policy:Policy, aws:iam/rolePolicy:RolePolicy, aws:iam/userPolicy:UserPolicy, " +
        "aws:iam/groupPolicy:GroupPolicy, aws:iam/role:Role",
    );
    expect(reported).toEqual([]);
  });
});

describe("asRecord / asArray: inputs in the shapes providers hand them", () => {
  it("reads an object, or JSON text of one; nothing else", () => {
    expect(asRecord({ owner: "sales" })).toEqual({ owner: "sales" });
    expect(asRecord('{"owner":"sales"}')).toEqual({ owner: "sales" });
    for (const value of ["owner=sales", "[1]", "null", null, undefined, 42, ['{"owner":"sales"}']])
      expect(asRecord(value), JSON.stringify(value)).toBeUndefined();
  });

  it("reads absent as empty and a lone value as one element", () => {
    expect(asArray(null)).toEqual([]);
    expect(asArray(undefined)).toEqual([]);
    expect(asArray("s3:GetObject")).toEqual(["s3:GetObject"]);
    expect(asArray(["a", "b"])).toEqual(["a", "b"]);
  });
});

describe("stackOf: what a resource shares with the rest of its stack", () => {
  it("is urn:pulumi:<stack>::<project>, for top-level and child resources alike", () => {
    expect(stackOf("urn:pulumi:orders-prod::mesh::aws:s3/bucket:Bucket::raw")).toBe(
      "urn:pulumi:orders-prod::mesh",
    );
    expect(stackOf("urn:pulumi:orders-prod::mesh::mesh:Domain$aws:s3/bucket:Bucket::raw")).toBe(
      "urn:pulumi:orders-prod::mesh",
    );
  });
});

describe("values unknown at preview", () => {
  const props = unknownCheckingProxy({ name: UNKNOWN_STRING, empty: "", count: 3, topic: "sales.orders" });
  const bug = () => {
    throw new TypeError("bug in the rule");
  };

  it("knownString: a known non-empty string, else undefined", () => {
    expect(knownString(() => props.topic)).toBe("sales.orders");
    expect(knownString(() => props.name)).toBeUndefined();
    expect(knownString(() => props.empty)).toBeUndefined();
    expect(knownString(() => props.count)).toBeUndefined();
  });

  it("knownOrUndefined hides only unknowns, never a bug", () => {
    expect(knownOrUndefined(() => props.count)).toBe(3);
    expect(knownOrUndefined(() => props.name)).toBeUndefined();
    expect(() => knownOrUndefined(bug)).toThrow("bug in the rule");
    expect(() => knownString(bug)).toThrow("bug in the rule");
  });

  it("UnknownDeferral: checks after an unknown still run, the unknown is rethrown at the end, a bug at once", () => {
    const unknowns = new UnknownDeferral();
    const reported: string[] = [];
    unknowns.run(() => reported.push(props.name));
    unknowns.run(() => reported.push(props.topic));
    expect(reported).toEqual(["sales.orders"]);
    expect(() => unknowns.rethrow()).toThrow(UnknownValueError);
    expect(() => unknowns.run(bug)).toThrow("bug in the rule");
    expect(() => new UnknownDeferral().rethrow()).not.toThrow();
  });
});
