/**
 * A dependency cycle between domains (orders reads analytics, which reads orders) is refused by
 * `mesh plan`, not only when `mesh run` first tries to order it: exit 2, the cycle named at the
 * file that declares the read, and no stack planned.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { capture, workspace } from "../runner/support.js";

function edit(file: string, change: (source: string) => string): void {
  const source = readFileSync(file, "utf8");
  const edited = change(source);
  expect(edited, `${file} was edited`).not.toBe(source);
  writeFileSync(file, edited);
}

describe("mesh plan with a dependency cycle between domains", () => {
  it("exits 2 naming the cycle, and plans nothing", async () => {
    const dir = workspace();
    edit(join(dir, "domains", "orders", "index.ts"), (s) =>
      s.replace(
        "  dataProducts: [",
        '  consumes: [{ domain: "analytics", product: "revenue-by-segment", major: 2, purpose: "Loop" }],\n  dataProducts: [',
      ),
    );
    edit(join(dir, "domains", "orders", "orders.sql"), (s) =>
      s.replace(
        "FROM staging",
        "FROM staging\nWHERE currency NOT IN (SELECT segment FROM analytics__revenue_by_segment)",
      ),
    );
    const io = capture();
    expect(await main(["plan", "--quiet"], io, dir)).toBe(2);
    const text = [...io.stdout, ...io.stderr].join("\n");
    expect(text).toContain(
      "consumes[0]: dependency cycle: analytics.revenue-by-segment.v2 → orders.orders.v1 → analytics.revenue-by-segment.v2",
    );
    expect(text).toMatch(/domains\/analytics\/index\.ts/);
    expect(text).not.toMatch(/^Stack /m);
    expect(text).not.toMatch(/Planned/);
  });
});
