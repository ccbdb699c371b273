/**
 * Every run emits OpenLineage: `mesh run` and `mesh transform` write START then COMPLETE or FAIL per
 * product version, to the NDJSON file beside the run's outputs and to an OpenLineage API, and every
 * event holds to the official spec 2-0-2 and its facet schemas (test/fixtures/openlineage). A
 * transport that fails is reported; the run goes on and exits as it would have.
 */

import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { runnerProductFile } from "../../components/compute/runnerProductFile.js";
import { WITHHELD } from "../../components/publishedError.js";
import { loadMesh } from "../../program/loadMesh.js";
import { openLineageProblems } from "../support/openLineageSchema.js";
import { capture, ordersTransformArgs, workspace } from "./support.js";

type Event = Record<string, any>;

const events = (file: string): Event[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

const eventsOf = (dir: string) => events(join(dir, ".mesh/lineage/events.ndjson"));

/** Every event's problems against the spec, by event: all empty when they hold. */
const problemsOf = (all: readonly Event[]) => all.map((e) => openLineageProblems(e));

/** An OpenLineage API on 127.0.0.1 that answers `status` and keeps what it was posted. */
async function lineageServer(status = 201) {
  const received: { path: string; event: Event }[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ path: request.url ?? "", event: JSON.parse(body) });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const output = (event: Event) => event.outputs[0];
const assertion = (event: Event, rule: string, column?: string) =>
  output(event).facets.dataQualityAssertions.assertions.find(
    (a: Event) => a.assertion === rule && a.column === column,
  );

describe("mesh run emits OpenLineage", () => {
  let dir: string;
  let all: Event[];
  let posted: { path: string; event: Event }[];

  beforeAll(async () => {
    dir = workspace();
    const server = await lineageServer();
    try {
      const io = capture();
      expect(
        await main(["run", "--all", "--ingest-date", "2026-11-24", "--lineage-url", server.url], io, dir),
      ).toBe(0);
      expect(io.stderr.filter((l) => l.startsWith("lineage:"))).toEqual([]);
    } finally {
      await server.close();
    }
    all = eventsOf(dir);
    posted = server.received;
  });

  it("writes events that hold to the OpenLineage spec and its facet schemas", () => {
    expect(all).toHaveLength(6);
    expect(problemsOf(all)).toEqual(all.map(() => []));
  });

  it("is checked strictly: a facet of the wrong shape, an unknown facet or a run without id is caught", () => {
    const broken = structuredClone(all[5]!);
    delete output(broken).facets.columnLineage.fields.revenue.inputFields[0].field;
    output(broken).facets.lineageOfMine = {
      _producer: "https://example.com",
      _schemaURL: "https://example.com/x.json",
    };
    output(broken).outputFacets.outputStatistics.rowCount = "17";
    delete broken.run.runId;
    expect(openLineageProblems(broken)).toEqual([
      expect.stringMatching(/^event: .*runId/),
      expect.stringMatching(
        /^outputs\[0\]\.facets\.columnLineage \(ColumnLineageDatasetFacet\.json\): .*field/,
      ),
      "outputs[0].facets.lineageOfMine: no facet schema has this key",
      expect.stringMatching(/^outputs\[0\]\.outputFacets\.outputStatistics .*integer/),
    ]);
  });

  it("starts then completes each product version's run, as a job of the mesh", () => {
    const runs = all.map((e) => [e.job.name, e.eventType, e.run.runId]);
    expect(runs.map(([name, type]) => [name, type])).toEqual([
      ["orders.orders.v1", "START"],
      ["orders.orders.v1", "COMPLETE"],
      ["customers.customers.v2", "START"],
      ["customers.customers.v2", "COMPLETE"],
      ["analytics.revenue-by-segment.v2", "START"],
      ["analytics.revenue-by-segment.v2", "COMPLETE"],
    ]);
    for (let i = 0; i < runs.length; i += 2) expect(runs[i]![2]).toBe(runs[i + 1]![2]);
    expect(new Set(runs.map((r) => r[2])).size).toBe(3);
    expect(new Set(all.map((e) => e.job.namespace))).toEqual(new Set([basename(dir)]));
  });

  it("describes the job: its SQL, its engine, its owner", () => {
    const orders = all[1]!;
    expect(orders.job.facets.sql.query).toBe(readFileSync(join(dir, "domains/orders/orders.sql"), "utf8"));
    expect(orders.job.facets.jobType).toMatchObject({ processingType: "BATCH", integration: "DUCKDB" });
    expect(orders.job.facets.ownership.owners).toEqual([{ name: "team:checkout", type: "MAINTAINER" }]);
  });

  it("reports every contract rule as an assertion, the rows written, and the data contract", () => {
    const orders = all[1]!;
    const facets = output(orders).facets;
    expect(output(orders).outputFacets.outputStatistics.rowCount).toBe(42);
    // The bytes written too: a Parquet file of 42 rows, more than its footer, less than a megabyte.
    expect(output(orders).outputFacets.outputStatistics.size).toBeGreaterThan(1_000);
    expect(output(orders).outputFacets.outputStatistics.size).toBeLessThan(1_000_000);
    expect(assertion(orders, "unique", "order_id")).toMatchObject({ success: true, actual: "0" });
    expect(assertion(orders, "required", "customer_id")).toMatchObject({ success: true });
    expect(facets.dataQualityAssertions.assertions.every((a: Event) => a.success)).toBe(true);
    expect(facets.dataContract).toMatchObject({
      id: "orders.orders.v1",
      version: expect.stringMatching(/^1\.\d+\.\d+$/),
      location: "orders.orders.v1.odcs.yaml",
    });
    expect(facets.schema.fields.map((f: Event) => f.name)).toContain("order_id");
    // The START knows the output's shape, not yet what the run did.
    expect(output(all[0]!).facets.dataQualityAssertions).toBeUndefined();
    expect(output(all[0]!).outputFacets).toBeUndefined();
  });

  it("names the column lineage's inputs as the datasets their producers' runs wrote", () => {
    const orders = output(all[1]!);
    const customers = all[3]!.outputs.map((d: Event) => `${d.namespace} ${d.name}`);
    const analytics = all[5]!;
    expect(analytics.inputs.map((d: Event) => `${d.namespace} ${d.name}`)).toEqual([
      `${orders.namespace} ${orders.name}`,
      // analytics is not admitted to customers' PII: it reads the projection.
      customers[1],
    ]);
    const revenue = output(analytics).facets.columnLineage.fields.revenue.inputFields;
    expect(revenue).toContainEqual({
      namespace: orders.namespace,
      name: orders.name,
      field: "amount",
      transformations: [{ type: "DIRECT", subtype: "AGGREGATION" }],
    });
    expect(revenue).toContainEqual(
      expect.objectContaining({
        field: "status",
        transformations: [{ type: "INDIRECT", subtype: "FILTER" }],
      }),
    );
    expect(orders.namespace).toMatch(/^duckdb:\/\/\/.*\/\.mesh\/warehouse\/mesh\.duckdb$/);
    expect(orders.name).toBe("orders.orders_v1");
  });

  it("posts the same events to the OpenLineage API", () => {
    expect(posted.map((p) => p.path)).toEqual(all.map(() => "/api/v1/lineage"));
    expect(posted.map((p) => p.event)).toEqual(all);
  });
});

describe("a failing run emits FAIL", () => {
  it("with the contract's quality checks too, passed, failed, or failed as a warning", async () => {
    const dir = workspace();
    const file = join(dir, "domains/orders/index.ts");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "quality: { rowCount: { min: 1 } },",
        `quality: {
        rowCount: { min: 1 },
        metrics: [
          { metric: "nullValues", field: "customer_id", mustBeLessThan: 1, unit: "percent" },
          { metric: "rowCount", mustBeGreaterThan: 1000000, severity: "warning" },
        ],
      },`,
      ),
    );
    expect(await main(["run", "orders/orders", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(0);
    const [, complete] = eventsOf(dir);
    expect(problemsOf([complete!])).toEqual([[]]);
    expect(assertion(complete!, "nullValues", "customer_id")).toMatchObject({ success: true, actual: "0" });
    expect(assertion(complete!, "rowCount", undefined)).toBeDefined();
    const metric = output(complete!).facets.dataQualityAssertions.assertions.filter(
      (a: Event) => a.assertion === "rowCount",
    );
    // The contract's row-count bounds (passed) and the metric's (a warning: failed, the table loaded).
    expect(metric.map((a: Event) => a.success)).toEqual([true, false]);
  });

  it("with the broken rules when the output breaks its contract, and the error when the SQL fails", async () => {
    const dir = workspace();
    // Every order twice: `unique` breaks.
    const select = "SELECT order_id, customer_id, ordered_at, status, amount, currency FROM staging";
    writeFileSync(join(dir, "domains/orders/orders.sql"), `${select} UNION ALL ${select}`);
    expect(await main(["run", "orders/orders", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(1);
    let all = eventsOf(dir);
    expect(problemsOf(all)).toEqual([[], []]);
    const failed = all[1]!;
    expect(failed.eventType).toBe("FAIL");
    // Published to the whole mesh: the kind of failure, never a message that may quote the data;
    // the broken rules are the assertions.
    expect(failed.run.facets.errorMessage).toMatchObject({ message: `the run failed (${WITHHELD})` });
    expect(failed.run.facets.errorMessage.stackTrace).toBeUndefined();
    expect(assertion(failed, "unique", "order_id")).toMatchObject({
      success: false,
      actual: expect.not.stringMatching(/^0$/),
      description: expect.stringMatching(/^order_id repeats a value in \d+ row\(s\)$/),
    });
    expect(assertion(failed, "required", "order_id")).toMatchObject({ success: true, actual: "0" });
    expect(output(failed).outputFacets).toBeUndefined();

    // SQL that binds at plan but fails on the data: an order id is no integer.
    const uncastable = select.replace(
      "SELECT order_id,",
      "SELECT CAST(CAST(order_id AS INTEGER) AS VARCHAR) AS order_id,",
    );
    writeFileSync(join(dir, "domains/orders/orders.sql"), uncastable);
    expect(await main(["run", "orders/orders", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(1);
    all = eventsOf(dir);
    expect(problemsOf(all)).toEqual(all.map(() => []));
    expect(all.map((e) => e.eventType)).toEqual(["START", "FAIL", "START", "FAIL"]);
    // DuckDB's message quotes the value it could not cast: only its kind leaves the domain.
    expect(all[3]!.run.facets.errorMessage.message).toBe(`Conversion Error (${WITHHELD})`);

    // SQL the plan refuses never runs: no event at all.
    writeFileSync(join(dir, "domains/orders/orders.sql"), "SELECT no_such_column FROM staging");
    expect(await main(["run", "orders/orders", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(2);
    expect(eventsOf(dir)).toHaveLength(4);
  });
});

describe("a failing transport never fails the run", () => {
  it("reports an API nobody listens on, and one that refuses the events, and exits 0", async () => {
    const dir = workspace();
    const port = await closedPort();
    let io = capture();
    const args = ["run", "orders/orders", "--ingest-date", "2026-11-24", "--json", "-"];
    expect(await main([...args, "--lineage-url", `http://127.0.0.1:${port}`], io, dir)).toBe(0);
    const refused = io.stderr.filter((l) => l.startsWith("lineage:"));
    expect(refused).toEqual([
      expect.stringMatching(
        new RegExp(
          `^lineage: cannot send to http://127\\.0\\.0\\.1:${port}/api/v1/lineage \\(the run goes on without it\\): .*ECONNREFUSED`,
        ),
      ),
    ]);
    expect(JSON.parse(io.stdout.join("\n")).lineage.problems).toEqual(refused);
    // The file still has the run's events.
    expect(eventsOf(dir).map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);

    const server = await lineageServer(500);
    io = capture();
    try {
      expect(await main([...args, "--lineage-url", server.url], io, dir)).toBe(0);
    } finally {
      await server.close();
    }
    expect(io.stderr.filter((l) => l.startsWith("lineage:"))).toEqual([
      expect.stringMatching(/: HTTP 500 Internal Server Error$/),
    ]);
    // Reported once: after its first failure the transport is left alone.
    expect(server.received).toHaveLength(1);
  });

  it("refuses a --lineage-url that is not an http(s) URL", async () => {
    const io = capture();
    expect(await main(["run", "orders/orders", "--lineage-url", "marquez:5000"], io, workspace())).toBe(2);
    expect(io.stderr[0]).toBe("error: --lineage-url must be an http(s) URL, got marquez:5000");
  });
});

describe("mesh transform emits OpenLineage", () => {
  it("to --lineage-file, in the mesh's namespace, with the column lineage of the product file", async () => {
    const dir = workspace();
    expect(await main(["run", "--all", "--ingest-date", "2026-11-24"], capture(), dir)).toBe(0);
    const mesh = await loadMesh({}, join(dir, "domains"));
    const model = mesh.products.find((p) => p.id === "orders.orders.v1")!;
    const productFile = join(dir, "orders.product.json");
    writeFileSync(productFile, JSON.stringify(runnerProductFile(model)));
    const catalog = join(dir, "catalog.duckdb");
    copyFileSync(join(dir, ".mesh/warehouse/mesh.duckdb"), catalog);
    const file = join(dir, "lineage.ndjson");
    const args = ordersTransformArgs(dir, join(dir, "domains/orders/orders.sql"), productFile, catalog);
    const io = capture();
    expect(
      await main(
        ["transform", ...args, "--lineage-file", file, "--lineage-namespace", "acme-mesh-dev"],
        io,
        dir,
      ),
    ).toBe(0);
    const all = events(file);
    expect(problemsOf(all)).toEqual([[], []]);
    expect(all.map((e) => [e.job.namespace, e.job.name, e.eventType])).toEqual([
      ["acme-mesh-dev", "orders.orders.v1", "START"],
      ["acme-mesh-dev", "orders.orders.v1", "COMPLETE"],
    ]);
    expect(output(all[1]!)).toMatchObject({ namespace: `duckdb://${catalog}`, name: "orders.orders_v1" });
    expect(all[1]!.inputs).toEqual([
      expect.objectContaining({ namespace: "file", name: join(dir, ".mesh/staging/orders/orders/v1") }),
    ]);
    expect(output(all[1]!).facets.columnLineage.fields.order_id.inputFields).toContainEqual({
      namespace: "file",
      name: join(dir, ".mesh/staging/orders/orders/v1"),
      field: "order_id",
      transformations: [{ type: "DIRECT", subtype: "IDENTITY" }],
    });
  });
});
