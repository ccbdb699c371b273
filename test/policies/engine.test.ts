import { Bucket } from "@pulumi/aws/s3/bucket.js";
import {
  type ResourceValidation,
  type ResourceValidationArgs,
  type StackValidationArgs,
  validateResourceOfType,
} from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { evaluatePolicies, NotApplicableError, UNKNOWN_STRING } from "../../policies/engine/index.js";
import { allRules } from "../../policies/rules/all.js";
import { typedValidation } from "../../policies/rules/shared/resource.js";
import { knownOrUndefined } from "../../policies/rules/shared/unknown.js";
import type { MeshPolicy } from "../../policies/rules/types.js";
import { governanceTags } from "./fixtures.js";
import { findings, resource } from "./harness.js";

const BUCKET = "aws:s3/bucket:Bucket";
const meta = { group: "s3", severity: "low", remediation: "n/a" } as const;

/** A throwaway policy that records the arguments the engine builds. */
function recorder(seen: ResourceValidationArgs[]): MeshPolicy {
  return {
    name: "recorder",
    description: "Records its arguments.",
    ...meta,
    configSchema: { properties: { limit: { type: "integer", default: 3 } } },
    validateResource: (args) => {
      seen.push(args);
    },
  };
}

describe("engine: arguments given to resource policies", () => {
  it("mirrors ResourceValidationArgs: type, name, urn, opts, provider, stackTags, config, isType/asType", async () => {
    const seen: ResourceValidationArgs[] = [];
    const provider = resource("pulumi:providers:aws", { region: "eu-west-1" }, { name: "aws" });
    const parent = resource("mesh:index:Domain", {}, { name: "sales" });
    const bucket = resource(
      BUCKET,
      { bucket: "b", acl: "private" },
      {
        name: "orders",
        protect: true,
        parentUrn: parent.urn,
        provider: `${provider.urn}::prov-id`,
      },
    );
    await evaluatePolicies(
      [provider, parent, bucket],
      { environment: "staging", stackTags: { team: "sales" }, config: { recorder: { limit: 5 } } },
      [recorder(seen)],
    );
    const args = seen.find((a) => a.urn === bucket.urn)!;
    expect(args).toMatchObject({ type: BUCKET, name: "orders", props: { bucket: "b", acl: "private" } });
    expect(args.opts).toMatchObject({ protect: true, parent: parent.urn, ignoreChanges: [], aliases: [] });
    expect(args.provider).toMatchObject({ type: "pulumi:providers:aws", urn: provider.urn, name: "aws" });
    expect(args.provider?.props.region).toBe("eu-west-1");
    expect(args.stackTags.get("team")).toBe("sales");
    expect(args.getConfig()).toEqual({ limit: 5, environment: "staging" });
    expect(args.isType(Bucket)).toBe(true);
    expect(args.asType(Bucket)?.bucket).toBe("b");
    const other = seen.find((a) => a.urn === parent.urn)!;
    expect(other.isType(Bucket)).toBe(false);
    expect(other.asType(Bucket)).toBeUndefined();
  });

  it("gives stack policies linked resources: parent, dependencies, propertyDependencies, outputs", async () => {
    let seen: StackValidationArgs | undefined;
    const parent = resource("mesh:index:Domain", {}, { name: "sales", outputs: { domain: "sales" } });
    const bucket = resource(BUCKET, { bucket: "b" }, { parentUrn: parent.urn });
    const pab = resource(
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      {},
      {
        dependencies: [bucket.urn],
        propertyDependencies: { bucket: [bucket.urn] },
      },
    );
    const stackRule: MeshPolicy = {
      name: "stack-recorder",
      description: "Records.",
      ...meta,
      validateStack: (args) => {
        seen = args;
      },
    };
    await evaluatePolicies([parent, bucket, pab], { environment: "dev" }, [stackRule]);
    const byUrn = new Map(seen!.resources.map((r) => [r.urn, r]));
    expect(byUrn.get(bucket.urn)!.parent).toBe(byUrn.get(parent.urn));
    expect(byUrn.get(pab.urn)!.dependencies).toEqual([byUrn.get(bucket.urn)]);
    expect(byUrn.get(pab.urn)!.propertyDependencies.bucket).toEqual([byUrn.get(bucket.urn)]);
    expect(byUrn.get(parent.urn)!.props.domain).toBe("sales");
    expect(seen!.getConfig()).toEqual({ environment: "dev" });
  });
});

describe("engine: not applicable", () => {
  it("treats @pulumi/policy's validateResourceOfType on another type as not applicable", async () => {
    const rule: MeshPolicy = {
      name: "typed",
      description: "Flags every bucket.",
      ...meta,
      validateResource: validateResourceOfType(Bucket, (_bucket, _args, report) => report("a bucket")),
    };
    const found = await evaluatePolicies(
      [resource(BUCKET, {}), resource("aws:iam/role:Role", {})],
      { environment: "prod" },
      [rule],
    );
    expect(found.map((v) => v.message)).toEqual(["a bucket"]);
  });

  it("catches exactly the not-applicable error; any other error fails the evaluation", async () => {
    const throwing = (error: Error): MeshPolicy => ({
      name: "throws",
      description: "Throws.",
      ...meta,
      validateResource: () => {
        throw error;
      },
    });
    await expect(
      evaluatePolicies([resource(BUCKET, {})], { environment: "prod" }, [
        throwing(new NotApplicableError("n/a")),
      ]),
    ).resolves.toEqual([]);
    await expect(
      evaluatePolicies([resource(BUCKET, {})], { environment: "prod" }, [throwing(new TypeError("boom"))]),
    ).rejects.toThrow(/policy 'throws' failed on urn:pulumi:.*: boom/);
  });

  it("runs an asynchronous rule to its end before the next rule and the next resource, as the server does", async () => {
    const calls: string[] = [];
    const rule = (name: string, validate: ResourceValidation): MeshPolicy => ({
      name,
      description: `${name}.`,
      ...meta,
      validateResource: validate,
    });
    const later = () => new Promise((resolve) => setTimeout(resolve, 5));
    const found = await evaluatePolicies(
      [resource(BUCKET, {}, { name: "first" }), resource(BUCKET, {}, { name: "second" })],
      { environment: "prod" },
      [
        rule("sync-before", (args) => void calls.push(`sync-before ${args.name}`)),
        rule("async", async (args, report) => {
          calls.push(`async ${args.name} starts`);
          await later();
          calls.push(`async ${args.name} ends`);
          report(`checked ${args.name}`);
        }),
        rule("async-not-applicable", async (args) => {
          await later();
          args.notApplicable();
        }),
        rule("sync-after", (args) => void calls.push(`sync-after ${args.name}`)),
      ],
    );
    expect(calls).toEqual([
      "sync-before first",
      "async first starts",
      "async first ends",
      "sync-after first",
      "sync-before second",
      "async second starts",
      "async second ends",
      "sync-after second",
    ]);
    expect(found.map((v) => v.message)).toEqual(["checked first", "checked second"]);
    await expect(
      evaluatePolicies([resource(BUCKET, {})], { environment: "prod" }, [
        rule("async-boom", async () => {
          await later();
          throw new TypeError("boom later");
        }),
      ]),
    ).rejects.toThrow(/policy 'async-boom' failed on urn:pulumi:.*: boom later/);
  });

  it("reports nothing for a real rule's not-applicable resource (iam-irsa-trust-conditions on a service role)", async () => {
    const role = resource("aws:iam/role:Role", {
      assumeRolePolicy: JSON.stringify({
        Statement: [
          { Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    });
    expect(await findings("iam-irsa-trust-conditions", [role])).toEqual([]);
  });
});

describe("engine: values unknown at preview", () => {
  it("turns a rule that reads an unknown value into an advisory note, at any level", async () => {
    const found = await findings("s3-no-public-acl", [resource(BUCKET, { acl: UNKNOWN_STRING })]);
    expect(found).toEqual([
      expect.objectContaining({
        level: "advisory",
        message:
          "can't run policy 's3-no-public-acl' during preview: string value at .acl can't be known during preview",
      }),
    ]);
  });

  it("still judges fields that are known when others are not", async () => {
    const found = await findings("s3-no-public-acl", [
      resource(BUCKET, { bucket: UNKNOWN_STRING, acl: "public-read" }),
    ]);
    expect(found.map((v) => v.level)).toEqual(["mandatory"]);
  });

  it("checks tag keys without reading unknown tag values", async () => {
    const tags = { ...governanceTags(), "mesh:owner": UNKNOWN_STRING };
    expect(await findings("aws-governance-tags", [resource(BUCKET, { tags })])).toEqual([]);
  });

  it("the boundary rule judges each grant at preview and notes only the document it cannot read", async () => {
    const declaration = { domain: "marketing", consumes: [] };
    const domain = resource("mesh:index:Domain", declaration, { outputs: declaration });
    const known = resource("aws:iam/rolePolicy:RolePolicy", {
      policy: JSON.stringify({
        Statement: [
          { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::w/finance/ledger/v1/*" },
        ],
      }),
    });
    const unknown = resource("aws:iam/rolePolicy:RolePolicy", { policy: UNKNOWN_STRING });
    const found = await findings("mesh-cross-domain-access-declared", [domain, unknown, known]);
    expect(found.map((v) => [v.level, v.urn, v.kind])).toEqual([
      ["advisory", unknown.urn, "note"],
      ["mandatory", known.urn, undefined],
    ]);
  });
});

describe("engine: enforcement levels", () => {
  const publicBucket = () => [resource(BUCKET, { acl: "public-read", tags: governanceTags("dev") })];
  const evaluate = (
    environment: string,
    levels?: Record<string, "advisory" | "mandatory" | "remediate" | "disabled">,
  ) =>
    evaluatePolicies(publicBucket(), { environment, ...(levels ? { levels } : {}) }).then((vs) =>
      vs.filter((v) => v.policy === "s3-no-public-acl").map((v) => v.level),
    );

  it("defaults to advisory in dev", async () => expect(await evaluate("dev")).toEqual(["advisory"]));
  it("defaults to mandatory in staging and prod", async () => {
    expect(await evaluate("staging")).toEqual(["mandatory"]);
    expect(await evaluate("prod")).toEqual(["mandatory"]);
  });
  it("honours per-rule overrides, including disabled", async () => {
    expect(await evaluate("prod", { "s3-no-public-acl": "advisory" })).toEqual(["advisory"]);
    expect(await evaluate("dev", { "s3-no-public-acl": "mandatory" })).toEqual(["mandatory"]);
    expect(await evaluate("prod", { "s3-no-public-acl": "disabled" })).toEqual([]);
  });
  it("rejects unknown rule names and environments", async () => {
    await expect(
      evaluatePolicies([], { environment: "prod", levels: { "no-such-rule": "disabled" } }),
    ).rejects.toThrow(/no rule named "no-such-rule"/);
    await expect(evaluatePolicies([], { environment: "qa" })).rejects.toThrow(
      /environment "qa" is not one of/,
    );
  });
});

describe("engine: remediation", () => {
  const untagged = () => resource(BUCKET, { bucket: UNKNOWN_STRING, tags: { "mesh:domain": "sales" } });

  it("in prod, adds mesh:environment, reports it as remediate, and still enforces the rest at mandatory", async () => {
    const bucket = untagged();
    const found = (await evaluatePolicies([bucket], { environment: "prod" })).filter(
      (v) => v.policy === "aws-governance-tags",
    );
    expect(found).toEqual([
      {
        policy: "aws-governance-tags",
        urn: bucket.urn,
        level: "remediate",
        message: expect.stringMatching(/Remediated tags\.$/),
      },
      {
        policy: "aws-governance-tags",
        urn: bucket.urn,
        level: "mandatory",
        message:
          "tags: missing mesh:owner, mesh:classification; add them here or in the provider's defaultTags.",
      },
    ]);
    expect(bucket.inputs.tags).toEqual({ "mesh:domain": "sales" }); // the caller's resource is not mutated
  });

  it("feeds the remediated inputs (unknowns intact) to later rules and to stack rules", async () => {
    const bucket = untagged();
    let stackProps: Record<string, any> | undefined;
    const probe: MeshPolicy = {
      name: "probe",
      description: "Reads final inputs.",
      ...meta,
      validateStack: (args) => {
        const r = args.resources[0]!;
        stackProps = { tags: { ...r.props.tags }, bucket: knownOrUndefined(() => r.props.bucket) };
      },
    };
    await evaluatePolicies([bucket], { environment: "prod" }, [
      ...allRules.filter((r) => r.name === "aws-governance-tags"),
      probe,
    ]);
    expect(stackProps).toEqual({
      tags: { "mesh:domain": "sales", "mesh:environment": "prod" },
      bucket: undefined, // still the unknown sentinel, so reading it throws
    });
  });

  it("does not remediate in dev, where the rule is advisory", async () => {
    const found = (await evaluatePolicies([untagged()], { environment: "dev" })).filter(
      (v) => v.policy === "aws-governance-tags",
    );
    expect(found.map((v) => v.level)).toEqual(["advisory"]);
    expect(found[0]!.message).toMatch(/missing mesh:owner, mesh:environment, mesh:classification/);
  });

  it("derives the Kubernetes domain label from the namespace", async () => {
    const cm = resource("kubernetes:core/v1:ConfigMap", { metadata: { name: "c", namespace: "sales" } });
    const found = await findings("k8s-governance-labels", [cm], {
      level: "remediate",
      environment: "staging",
    });
    expect(found.map((v) => [v.level, v.message])).toEqual([
      ["remediate", expect.stringMatching(/Remediated metadata\.$/)],
      ["mandatory", "metadata.labels: missing datamesh.io/owner, datamesh.io/classification; add them."],
    ]);
  });
});

describe("engine: one read-only view of a resource, shared by its rules", () => {
  const tagged = (nestedId: string = UNKNOWN_STRING) =>
    resource(BUCKET, {
      bucket: "b",
      tags: { team: "sales" },
      grants: [{ id: "1" }],
      nested: { id: nestedId },
    });

  // Inputs holding no unknown are viewed without the unknown-checking proxy: writes are refused alike.
  it.each([
    ["holding an unknown", UNKNOWN_STRING],
    ["holding none", "n-1"],
  ])("refuses a rule's writes at any depth, so the next rule sees the inputs unchanged (%s)", async (_, nestedId) => {
    const refused: string[] = [];
    const attempt = (write: () => void) => {
      try {
        write();
        refused.push("allowed");
      } catch (e) {
        refused.push((e as Error).message);
      }
    };
    const writer: MeshPolicy = {
      name: "writer",
      description: "Tries to change what it reads.",
      ...meta,
      validateResource: (args) => {
        attempt(() => {
          args.props.bucket = "other";
        });
        attempt(() => {
          args.props.tags.team = "other";
        });
        attempt(() => delete args.props.tags.team);
        attempt(() => args.props.grants.push({ id: "2" }));
        attempt(() => Object.assign(args.props, { extra: true }));
      },
    };
    let seen: unknown;
    const reader: MeshPolicy = {
      name: "reader",
      description: "Reads after the writer.",
      ...meta,
      validateResource: (args) => {
        seen = { bucket: args.props.bucket, tags: { ...args.props.tags }, grants: args.props.grants.length };
      },
    };
    const bucket = tagged(nestedId);
    await evaluatePolicies([bucket], { environment: "dev" }, [writer, reader]);
    expect(refused).toEqual([
      "resource inputs are read-only to a policy: cannot change bucket",
      "resource inputs are read-only to a policy: cannot change team",
      "resource inputs are read-only to a policy: cannot change team",
      "resource inputs are read-only to a policy: cannot change 1",
      "resource inputs are read-only to a policy: cannot change extra",
    ]);
    expect(seen).toEqual({ bucket: "b", tags: { team: "sales" }, grants: 1 });
    expect(bucket.inputs.tags).toEqual({ team: "sales" });
  });

  it("still throws on an unknown nested in an object, as often as it is read, naming its path", async () => {
    const paths: string[] = [];
    const rule: MeshPolicy = {
      name: "nested",
      description: "Reads an unknown twice.",
      ...meta,
      validateResource: (args) => {
        for (let i = 0; i < 2; i++) {
          try {
            void args.props.nested.id;
          } catch (e) {
            paths.push((e as Error).message);
          }
        }
        expect(Object.keys(args.props.nested)).toEqual(["id"]); // listing keys reads no value
      },
    };
    await evaluatePolicies([tagged()], { environment: "dev" }, [rule]);
    expect(paths).toEqual([
      "string value at .nested.id can't be known during preview",
      "string value at .nested.id can't be known during preview",
    ]);
  });
});

describe("engine: rules declaring the types they apply to", () => {
  const calls = (rule: (seen: string[]) => MeshPolicy) => async () => {
    const seen: string[] = [];
    await evaluatePolicies(
      [resource(BUCKET, {}), resource("aws:iam/role:Role", {}), resource("kubernetes:core/v1:Pod", {})],
      { environment: "dev" },
      [rule(seen)],
    );
    return seen;
  };
  const named = (validateResource: ResourceValidation): MeshPolicy => ({
    name: "scoped",
    description: "Records the types it is called for.",
    ...meta,
    validateResource,
  });

  it("calls a rule that declares no types for every resource", async () => {
    const seen = await calls((seen) => named((args: ResourceValidationArgs) => void seen.push(args.type)))();
    expect(seen).toEqual([BUCKET, "aws:iam/role:Role", "kubernetes:core/v1:Pod"]);
  });

  it("calls a rule only for the types it lists, or that pass its test", async () => {
    const listed = await calls((seen) =>
      named(typedValidation([BUCKET], (args) => void seen.push(args.type))),
    )();
    expect(listed).toEqual([BUCKET]);
    const tested = await calls((seen) =>
      named(
        typedValidation(
          (type) => type.startsWith("aws:"),
          (args) => void seen.push(args.type),
        ),
      ),
    )();
    expect(tested).toEqual([BUCKET, "aws:iam/role:Role"]);
  });
});
