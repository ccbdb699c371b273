import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  evaluatePolicies,
  parseStateFile,
  readStateFile,
  StateFileError,
  UNKNOWN_STRING,
} from "../../policies/engine/index.js";

const STACK = "urn:pulumi:prod::mesh::pulumi:pulumi:Stack::mesh-prod";
const PROVIDER = "urn:pulumi:prod::mesh::pulumi:providers:aws::default_7_48_0";
const DOMAIN = "urn:pulumi:prod::mesh::mesh:index:Domain::sales";
const BUCKET = "urn:pulumi:prod::mesh::mesh:index:Domain$aws:s3/bucket:Bucket::orders";
const secret = (plaintext?: string) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  ...(plaintext === undefined ? { ciphertext: "v1:abc" } : { plaintext }),
});

const exportFile = () => ({
  version: 3,
  deployment: {
    manifest: { time: "2025-01-01T00:00:00Z", magic: "x", version: "v3.248.0" },
    resources: [
      { urn: STACK, custom: false, type: "pulumi:pulumi:Stack" },
      {
        urn: PROVIDER,
        custom: true,
        id: "prov-1",
        type: "pulumi:providers:aws",
        inputs: { region: "eu-west-1" },
      },
      {
        urn: DOMAIN,
        custom: false,
        type: "mesh:index:Domain",
        parent: STACK,
        outputs: { domain: "sales", consumes: [] },
      },
      {
        urn: BUCKET,
        custom: true,
        id: "acme-prod-sales-orders",
        type: "aws:s3/bucket:Bucket",
        parent: DOMAIN,
        protect: true,
        provider: `${PROVIDER}::prov-1`,
        inputs: {
          bucket: "acme-prod-sales-orders",
          acl: secret('"public-read"'),
          tags: { "mesh:owner": secret() },
        },
        outputs: { bucket: "acme-prod-sales-orders", arn: "arn:aws:s3:::acme-prod-sales-orders" },
        dependencies: [],
      },
      { urn: `${BUCKET}-old`, custom: true, type: "aws:s3/bucket:Bucket", delete: true, inputs: {} },
    ],
  },
});

describe("parseStateFile", () => {
  it("maps a version-3 stack export to planned resources", () => {
    const resources = parseStateFile(exportFile());
    expect(resources.map((r) => r.name)).toEqual(["mesh-prod", "default_7_48_0", "sales", "orders"]);
    const bucket = resources[3]!;
    expect(bucket).toMatchObject({
      urn: BUCKET,
      type: "aws:s3/bucket:Bucket",
      parentUrn: DOMAIN,
      protect: true,
      provider: `${PROVIDER}::prov-1`,
      custom: true,
      dependencies: [],
    });
    expect(bucket.inputs.acl).toBe("public-read"); // plaintext secret unwrapped
    expect(bucket.inputs.tags).toEqual({ "mesh:owner": UNKNOWN_STRING }); // encrypted secret is unknown
    expect(resources[2]!.outputs).toEqual({ domain: "sales", consumes: [] });
  });

  it("accepts an empty stack", () => {
    expect(parseStateFile({ version: 3, deployment: {} })).toEqual([]);
  });

  it("names the offending path of a malformed export", () => {
    const data = exportFile();
    (data.deployment.resources[3] as any).urn = 42;
    expect(() => parseStateFile(data)).toThrow(StateFileError);
    expect(() => parseStateFile(data)).toThrow(
      "deployment.resources[3].urn: expected string, received number",
    );
  });

  it("rejects other deployment versions and non-URNs", () => {
    expect(() => parseStateFile({ ...exportFile(), version: 2 })).toThrow(/^version: /);
    const data = exportFile();
    data.deployment.resources[0]!.urn = "not-a-urn";
    expect(() => parseStateFile(data)).toThrow("deployment.resources[0].urn: expected a Pulumi URN");
  });

  it("feeds the engine: resource rules see inputs, stack rules outputs, the stack gets stack-level findings", async () => {
    const found = await evaluatePolicies(parseStateFile(exportFile()), { environment: "prod" });
    expect(found).toContainEqual(
      expect.objectContaining({ policy: "s3-no-public-acl", urn: BUCKET, level: "mandatory" }),
    );
    expect(found).toContainEqual(
      expect.objectContaining({ policy: "s3-bucket-has-public-access-block", urn: BUCKET }),
    );
    expect(found.filter((v) => v.policy === "stateful-resources-protected")).toEqual([]);
  });
});

describe("readStateFile", () => {
  const write = async (text: string) => {
    const file = join(await mkdtemp(join(tmpdir(), "state-")), "stack.json");
    await writeFile(file, text);
    return file;
  };

  it("reads a file", async () => {
    expect(await readStateFile(await write(JSON.stringify(exportFile())))).toHaveLength(4);
  });

  it("prefixes errors with the file path", async () => {
    const notJson = await write("{");
    await expect(readStateFile(notJson)).rejects.toThrow(new RegExp(`^${notJson}: not JSON`));
    const malformed = await write(
      JSON.stringify({ version: 3, deployment: { resources: [{ urn: STACK }] } }),
    );
    await expect(readStateFile(malformed)).rejects.toThrow(
      `${malformed}: deployment.resources[0].type: expected string`,
    );
    await expect(readStateFile("/nonexistent/stack.json")).rejects.toBeInstanceOf(StateFileError);
  });
});
