import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { capture } from "../runner/support.js";
import { atOnePath } from "../support/samePath.js";

/** A copy of the example mesh in a temporary folder, so commands may write to it. */
function newWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "mesh-cli-"));
  cpSync("domains", join(dir, "domains"), { recursive: true });
  cpSync("stacks", join(dir, "stacks"), { recursive: true });
  cpSync("platform.yaml", join(dir, "platform.yaml"));
  cpSync(".github", join(dir, ".github"), { recursive: true });
  return dir;
}

/** Each case's copy at one path: the domain files a case leaves are read once for the file. */
const workspace = atOnePath(newWorkspace);

describe("mesh plan", () => {
  it("plans one stack, prints its tree and totals, and writes a preview-shaped JSON plan", async () => {
    const io = capture();
    const json = join(mkdtempSync(join(tmpdir(), "mesh-json-")), "plan.json");
    const code = await main(["plan", "--stack", "orders-prod", "--json", json], io, process.cwd());
    expect(code).toBe(0);
    const text = io.stdout.join("\n");
    // Its run history's Glue table (a WarehouseTable and its CatalogTable) among them.
    expect(text).toContain("Stack orders-prod (prod): 51 resources to create");
    expect(text).toContain(
      "orders_prod.orders_v1_runs  iceberg, 12 columns at s3://acme-mesh-prod-warehouse/orders/orders/v1-runs/",
    );
    expect(text).toMatch(
      /kafka:index\/topic:Topic {2}orders-orders-v1 {2}orders\.orders\.v1 {2}partitions=12 rf=3/,
    );
    expect(text).toContain("0 mandatory policy violations");
    // Every permission document is known at preview, so every rule runs: no violations, no notes.
    expect(text).toContain("policies: no violations");
    expect(text).not.toContain("can't run");
    expect(text).not.toContain("policy notes");
    const plan = JSON.parse(readFileSync(json, "utf8"));
    expect(plan.stacks[0].policyViolations).toEqual([]);
    expect(plan.stacks[0].policyNotes).toEqual([]);
    const steps = plan.stacks[0].steps as {
      op: string;
      urn: string;
      newState: { type: string; inputs: any; protect: boolean };
    }[];
    expect(steps).toHaveLength(51);
    expect(
      steps.every((s) => s.op === "create" && s.urn.startsWith("urn:pulumi:orders-prod::data-mesh::")),
    ).toBe(true);
    const bucket = steps.find((s) => s.newState.type === "aws:s3/bucket:Bucket")!;
    expect(bucket.newState.inputs.bucket).toBe("acme-mesh-prod-orders--orders-v1");
    expect(bucket.newState.protect).toBe(true);
  });

  it("plans a stack whose product is derived from other products: no topic, sink or staging bucket", async () => {
    const io = capture();
    expect(await main(["plan", "--stack", "analytics-prod"], io, process.cwd())).toBe(0);
    const text = io.stdout.join("\n");
    // 47 with ingestion: less its IngestionTopic (component, topic, dead-letter topic, 6 ACLs),
    // StagingBucket (component, bucket, 6 companions) and StagingSink (component, ingest role and
    // its 2 policies, 5 Connect ACLs, connector): 47 - 9 - 8 - 10 = 20.
    expect(text).toContain("Stack analytics-prod (prod): 22 resources to create");
    expect(text).toContain("totals: 22 resources (8 aws, 6 kubernetes, 5 mesh, 3 providers); 4 protected");
    expect(text).not.toMatch(/kafka:index|aws:s3\/bucket:Bucket|KafkaConnector/);
    expect(text).toContain("0 mandatory policy violations");
  });

  it("exits 2 naming the known stacks when the stack is unknown", async () => {
    const io = capture();
    expect(await main(["plan", "--stack", "orders-qa"], io, process.cwd())).toBe(2);
    expect(io.stderr.join("\n")).toBe(
      'error: unknown stack "orders-qa" (known: analytics-dev, analytics-prod, customers-dev, customers-prod, orders-dev, orders-prod)',
    );
  });

  it("exits 2 with file, the field's line and column, and path when a declaration is invalid, and writes no plan", async () => {
    const dir = workspace();
    const file = join(dir, "domains", "orders", "index.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace('type: "decimal(12,2)"', 'type: "money"'));
    const io = capture();
    const json = join(dir, "plan.json");
    expect(await main(["plan", "--json", json], io, dir)).toBe(2);
    expect(io.stderr.join("\n")).toMatch(
      /^error: .*domains\/orders\/index\.ts:23:19: dataProducts\[0\]\.schema\.amount\.type: expected one of string, int, bigint, double, decimal\(p,s\), boolean, date, timestamp, json, list<T>, struct<name:T,\.\.\.>, got "money"$/,
    );
    expect(() => readFileSync(json)).toThrow();
  });

  it("exits 2 naming the stack file and key when a prod stack file says mesh:environment: dev", async () => {
    const dir = workspace();
    const file = join(dir, "stacks", "Pulumi.orders-prod.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("mesh:environment: prod", "mesh:environment: dev"),
    );
    const io = capture();
    expect(await main(["plan", "--stack", "orders-prod"], io, dir)).toBe(2);
    expect(io.stderr.join("\n")).toMatch(
      /^error: .*stacks\/Pulumi\.orders-prod\.yaml:7: mesh:environment is "dev", but stack orders-prod deploys environment "prod": the stack name decides/,
    );
    expect(io.stdout.join("\n")).not.toContain("Stack orders-prod");
  });

  it("rejects unknown commands and options with exit code 2", async () => {
    const io = capture();
    expect(await main(["deploy"], io)).toBe(2);
    expect(await main(["plan", "--stacks", "x"], io)).toBe(2);
    expect(io.stderr[0]).toBe('error: unknown command "deploy"; run `mesh --help`');
    expect(io.stderr[1]).toBe("error: unknown option --stacks");
    // And the command's usage, so the user sees the options it takes.
    expect(io.stderr[2]).toMatch(/^Usage: mesh plan \[--stack <domain>-<env> \| --affected \[--base REF\]\]/);
  });
});

describe("mesh new domain", () => {
  it("scaffolds a domain whose stacks plan cleanly at once", async () => {
    const dir = workspace();
    const io = capture();
    expect(await main(["new", "domain", "shipping", "--team", "logistics"], io, dir)).toBe(0);
    expect(io.stdout).toContain(`created ${join("domains", "shipping", "index.ts")}`);
    const plan = capture();
    expect(await main(["plan", "--stack", "shipping-dev"], plan, dir)).toBe(0);
    expect(plan.stdout.join("\n")).toContain("Stack shipping-dev (dev):");
    expect(await main(["plan", "--stack", "shipping-prod"], plan, dir)).toBe(0);
    // The new stack files hold only the team's settings: the platform's come from platform.yaml.
    const stack = readFileSync(join(dir, "stacks", "Pulumi.shipping-prod.yaml"), "utf8");
    expect(stack).not.toContain("mesh:platform");
    expect(stack).toContain("config:\n  mesh:domain: shipping\n  mesh:environment: prod\n");
    // And its team owns them, in the platform team's CODEOWNERS.
    expect(readFileSync(join(dir, ".github", "CODEOWNERS"), "utf8")).toMatch(
      /\n\/domains\/shipping\/ @acme\/logistics\n\/stacks\/Pulumi\.shipping-\*\.yaml @acme\/logistics\n$/,
    );
  });

  it("refuses an invalid name or an existing domain, writing nothing", async () => {
    const dir = workspace();
    const io = capture();
    expect(await main(["new", "domain", "Shipping"], io, dir)).toBe(2);
    expect(io.stderr[0]).toMatch(/^error: domain name "Shipping": domain name must be lowercase/);
    expect(await main(["new", "domain", "orders"], io, dir)).toBe(2);
    expect(io.stderr[1]).toMatch(
      /^error: domain "orders" already exists: .*stacks\/Pulumi\.orders-dev\.yaml/,
    );
  });
});
