/**
 * A compatible change still needs a version bump: published under the version already in
 * contracts.lock.json, two different contracts would share one version. In a copy of the example
 * mesh, `contract diff`, `contract publish` and `plan` refuse it, naming the product, what changed
 * and the versions to use; an unchanged contract at the published version passes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { capture, workspace } from "../runner/support.js";

/** Adds an optional `coupon` field to the orders product (compatible), keeping its version 1.2.0. */
function addCoupon(dir: string): void {
  const file = join(dir, "domains", "orders", "index.ts");
  const source = readFileSync(file, "utf8");
  const edited = source.replace(
    "        order_id:",
    '        coupon: { type: "string", description: "Coupon code used." },\n        order_id:',
  );
  expect(edited, "the orders schema was found").not.toBe(source);
  writeFileSync(file, edited);
  // Its SQL outputs the field too: the plan binds it against the contract.
  const sql = join(dir, "domains", "orders", "orders.sql");
  writeFileSync(sql, readFileSync(sql, "utf8").replace("amount, currency", "amount, currency, coupon"));
}

describe("a compatible change without a version bump", () => {
  it("is refused by contract diff and contract publish, naming the versions to use", async () => {
    const dir = workspace();
    addCoupon(dir);
    const diff = capture();
    expect(await main(["contract", "diff"], diff, dir)).toBe(1);
    expect(diff.stdout).toEqual(
      expect.arrayContaining([
        "orders.orders.v1 (1.2.0 → 1.2.0): compatible changes without a version bump: publish as 1.2.1 (patch) or 1.3.0 (minor)",
        "  compatible  schema.coupon: optional field added (a new column, which existing queries do not read)",
        "1 product(s) need a patch or minor version bump: orders.orders.v1",
      ]),
    );
    const lock = readFileSync(join(dir, "contracts.lock.json"), "utf8");
    const publish = capture();
    expect(await main(["contract", "publish"], publish, dir)).toBe(1);
    expect(publish.stderr.at(-1)).toBe(
      "Not published: raise the version of orders.orders.v1 (a patch or minor bump).",
    );
    expect(readFileSync(join(dir, "contracts.lock.json"), "utf8")).toBe(lock);
  });

  it("fails mesh plan through the mesh-contract-version-bumped policy", async () => {
    const dir = workspace();
    addCoupon(dir);
    const io = capture();
    expect(await main(["plan", "--stack", "orders-prod", "--quiet"], io, dir)).toBe(1);
    expect([...io.stdout, ...io.stderr].join("\n")).toMatch(
      /\[mandatory\] mesh-contract-version-bumped\n.*mesh:index:Domain::orders\n\s+contracts\["orders\.orders\.v1"\]: compatible changes to version 1\.2\.0 without a version bump \(still 1\.2\.0\): schema\.coupon: optional field added \(a new column, which existing queries do not read\)\. Publish them as 1\.2\.1 \(patch\) or 1\.3\.0 \(minor\)\./,
    );
  });
});

describe("an unchanged contract at the published version", () => {
  it("passes contract diff", async () => {
    const io = capture();
    expect(await main(["contract", "diff"], io, workspace())).toBe(0);
    expect(io.stdout).toContain("orders.orders.v1 (1.2.0 → 1.2.0): unchanged");
  });
});
