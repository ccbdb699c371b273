/**
 * `mesh plan --lineage-out FILE`: the design-time lineage of the planned stacks as OpenLineage job
 * events, valid against the official spec 2-0-2 and its facet schemas, named as that environment's
 * runs name their jobs and datasets, so a catalog knows the mesh before anything runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { capture, workspace as newWorkspace } from "../runner/support.js";
import { openLineageProblems } from "../support/openLineageSchema.js";
import { atOnePath } from "../support/samePath.js";

/** Copies of the example mesh, each case's at one path: the domain files it leaves are read once. */
const workspace = atOnePath(newWorkspace);

describe("mesh plan --lineage-out", () => {
  it("writes one valid job event per product version of the planned stacks, without a run", async () => {
    const dir = workspace();
    const file = join(dir, "lineage.ndjson");
    const io = capture();
    const args = ["plan", "--stack", "analytics-dev", "--quiet", "--lineage-out", file];
    expect(await main(args, io, dir)).toBe(0);
    expect(io.stdout).toContain(`Wrote ${file}: 1 OpenLineage job event`);
    const events = readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(events.map((e) => openLineageProblems(e))).toEqual([[]]);
    const [event] = events;
    expect(event.run).toBeUndefined();
    expect(event.schemaURL).toBe("https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent");
    expect(event.job).toMatchObject({ namespace: "acme-mesh-dev", name: "analytics.revenue-by-segment.v2" });
    // The environment's Glue tables, as its runs (and any other tool reading Glue) name them.
    const glue = "arn:aws:glue:eu-west-1:111111111111";
    expect(event.inputs.map((d: { namespace: string; name: string }) => [d.namespace, d.name])).toEqual([
      [glue, "table/orders_dev/orders_v1"],
      [glue, "table/customers_dev/customers_v2_redacted"],
    ]);
    expect(event.outputs[0]).toMatchObject({
      namespace: glue,
      name: "table/analytics_dev/revenue_by_segment_v2",
    });
    expect(event.outputs[0].facets.columnLineage.fields.revenue.inputFields).toContainEqual(
      expect.objectContaining({ namespace: glue, name: "table/orders_dev/orders_v1", field: "amount" }),
    );
  });

  it("names a product's raw records by its staging bucket", async () => {
    const dir = workspace();
    const file = join(dir, "lineage.ndjson");
    const args = ["plan", "--stack", "orders-prod", "--quiet", "--lineage-out", file];
    expect(await main(args, capture(), dir)).toBe(0);
    const events = readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(events.map((e) => openLineageProblems(e))).toEqual(events.map(() => []));
    expect(events.map((e) => [e.job.namespace, e.job.name, e.inputs[0]?.namespace])).toEqual(
      events.map((e) => ["acme-mesh-prod", e.job.name, expect.stringMatching(/^s3:\/\/acme-mesh-prod-/)]),
    );
  });
});
