/**
 * `mesh plan` and the Pulumi program bind every product's SQL against its inputs' contracts, in
 * copies of the example mesh: SQL that reads a column its inputs do not declare, or outputs a
 * column its contract types otherwise, is refused with exit 2 at the SQL file's line and column,
 * naming the contracts — and so is a producer's change that breaks a consumer's SQL.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { planStack } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { deployMeshNode } from "../../program/node.js";
import { capture, workspace as newWorkspace } from "../runner/support.js";
import { atOnePath } from "../support/samePath.js";

/** Copies of the example mesh, each case's at one path: the domain files it leaves are read once. */
const workspace = atOnePath(newWorkspace);

const SQL = "domains/analytics/revenue-by-segment.sql";

function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  expect(text, `${file} must contain ${from}`).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

async function plan(dir: string) {
  const io = capture();
  const code = await main(["plan"], io, dir);
  return { code, stderr: io.stderr.join("\n"), stdout: io.stdout.join("\n") };
}

const INPUTS =
  "(orders__orders is orders.orders.v1; customers__customers is customers.customers.v2 without its PII (the domain is not admitted to it))";

describe("mesh plan: transforms bound against their inputs' contracts", () => {
  it("refuses a column no input declares: exit 2, the SQL file's line and column, the contracts", async () => {
    const dir = workspace();
    edit(dir, SQL, "sum(o.amount)", "sum(o.amont)");
    const { code, stderr } = await plan(dir);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `${relative(process.cwd(), join(dir, SQL))}:6:12: dataProducts[0].transform.sqlFile: the transform SQL does not bind against its inputs' contracts: Binder Error: Table "o" does not have a column named "amont" Candidate bindings: : "amount" ${INPUTS}`,
    );
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("refuses an output column its own contract types otherwise, in the Pulumi program too", async () => {
    const dir = workspace();
    edit(dir, SQL, "CAST(sum(o.amount) AS DECIMAL(18, 2))", "sum(o.amount)");
    const expected = `${relative(process.cwd(), join(dir, SQL))}:6:3: dataProducts[0].transform.sqlFile: the transform SQL outputs column revenue as DECIMAL(38,2), but its contract analytics.revenue-by-segment.v2 says DECIMAL(18,2) (cast it: CAST(… AS DECIMAL(18,2)))`;
    const { code, stderr } = await plan(dir);
    expect(code).toBe(2);
    expect(stderr).toContain(expected);

    const stack = readStackFile(join(dir, "stacks", "Pulumi.analytics-dev.yaml"));
    const error = await planStack(stack, async () => ({
      ...(await deployMeshNode(join(dir, "domains"), dir)),
    })).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(error?.message).toContain(expected);
  });

  it("refuses a producer's change that breaks a consumer's SQL, at the consumer's SQL", async () => {
    const dir = workspace();
    edit(dir, "domains/customers/index.ts", "        segment: {", "        tier: {");
    edit(
      dir,
      "domains/customers/index.ts",
      "SELECT customer_id, email, full_name, segment,",
      "SELECT customer_id, email, full_name, segment AS tier,",
    );
    const { code, stderr } = await plan(dir);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `${relative(process.cwd(), join(dir, SQL))}:4:3: dataProducts[0].transform.sqlFile: the transform SQL does not bind against its inputs' contracts: Binder Error: Table "c" does not have a column named "segment"`,
    );
  });

  it("plans the example mesh, whose SQL binds", async () => {
    const { code, stderr } = await plan(workspace());
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
