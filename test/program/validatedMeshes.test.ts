/**
 * A mesh is validated once per plan: `mesh plan` hands the mesh it validated to each stack's worker,
 * which checks only what its naming context decides (program/validatedMeshes.ts). What a mesh was
 * validated from is its key: other inputs, a SQL file changed on disk among them, are validated again.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { meshAt } from "../../cli/plan/affected.js";
import { PlanPool, planContext } from "../../cli/plan/pool.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { DeclarationError } from "../../components/declaration/errors.js";
import { domainFiles } from "../../program/domainFiles.js";
import { meshOf } from "../../program/loadMesh.js";
import { readPlatformFile } from "../../program/platformFile.js";
import { readDomains } from "../../program/readDomains.js";
import { plan, planWorkspace } from "../support/planWorkspace.js";

const pool = new PlanPool(1);
afterAll(() => pool.close());

/** The declaration problems `promise` is refused with, as messages. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeclarationError);
  return (error as DeclarationError).message;
}

describe("a mesh validated once", () => {
  it("is the mesh of the same inputs; other inputs, or another naming context, are checked again", async () => {
    const dir = planWorkspace([]);
    const domainsDir = join(dir, "domains");
    const definitions = await readDomains(domainFiles(domainsDir));
    const mesh = await meshOf(definitions, {}, domainsDir);
    expect(await meshOf(definitions, { namePrefix: "acme-mesh", environments: ["dev"] }, domainsDir)).toBe(
      mesh,
    );

    // Its names in a context it was not validated in: a prefix that makes them too long.
    expect(await refusal(meshOf(definitions, { namePrefix: "p".repeat(60) }, domainsDir))).toMatch(
      /over the limit of/,
    );

    // A SQL file outside the domain's folder is refused unread, also by the key (this one never ends).
    const hostile = definitions.map((d) =>
      (d.input as { name: string }).name !== "orders"
        ? d
        : {
            ...d,
            input: {
              ...d.input,
              dataProducts: d.input.dataProducts.map((p) => ({
                ...p,
                transform: { ...p.transform, sqlFile: "/dev/zero" },
              })),
            },
          },
    ) as typeof definitions;
    expect(await refusal(meshOf(hostile, {}, domainsDir))).toMatch(
      /"\/dev\/zero" is outside the domain's folder/,
    );

    // A domain file's code rewrote a SQL file after the mesh was validated: validated again.
    writeFileSync(join(domainsDir, "orders", "orders.sql"), "SELECT order_id, no_such_column FROM staging\n");
    expect(await refusal(meshOf(definitions, {}, domainsDir))).toMatch(/orders\.sql:1:.*no_such_column/s);
  }, 120_000);

  it("still has its names checked in each stack's worker, with the prefix of the stack's environment", async () => {
    const dir = planWorkspace(["analytics-prod", "orders-prod"]);
    // `mesh plan` validates the mesh with the default prefix: analytics' longest IAM role name fits
    // with it, and is one character too long with prod's.
    const platformFile = join(dir, "platform.yaml");
    const platform = readFileSync(platformFile, "utf8");
    const prod = platform.indexOf("  prod:");
    writeFileSync(
      platformFile,
      platform.slice(0, prod) +
        platform.slice(prod).replace("namePrefix: acme-mesh", "namePrefix: abcdefghijklmnopqrst"),
    );
    const { code, stderr } = await plan([], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /analytics-prod: .*IAM role name "abcdefghijklmnopqrst-prod-analytics-[^"]*" is 65 characters, over the limit of 64/,
    );
    // The mesh is one: every stack of that environment is refused for it, as before it was handed over.
    expect(stderr).toMatch(/orders-prod: .*is 65 characters, over the limit of 64/);
  }, 120_000);

  it("is what each stack's worker plans with: it validates the mesh no more", async () => {
    const dir = planWorkspace(["orders-dev"]);
    const domainsDir = join(dir, "domains");
    const mesh = await meshAt(domainsDir);
    // Changed where `mesh plan` keeps it, after validation: a worker that validated the mesh again
    // would plan the description its domain file declares.
    const orders = mesh.domains.find((d) => d.name === "orders")!;
    (orders as { description: string }).description = "as mesh plan validated it";
    const [reply] = await Promise.all(
      pool.plan(
        [readStackFile(join(dir, "stacks", "Pulumi.orders-dev.yaml"))],
        await planContext(domainsDir, readPlatformFile(dir)),
      ),
    );
    expect(reply!.outcome.kind).toBe("planned");
    expect(JSON.stringify(reply!.outcome)).toContain("as mesh plan validated it");
  }, 120_000);
});
