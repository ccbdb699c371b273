/**
 * `npm run bench` (second part): `mesh run` on 1M and 10M generated rows of orders/orders — rows/s,
 * peak RSS, and the ratio to DuckDB running the same SQL directly over the same staged Parquet, in
 * the same run. Each size runs in its own process so peak RSS is that size's own. The ratios are
 * direct seconds / mesh seconds: 1.00x means no overhead.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { contractOf, productRef } from "../components/contract/contract.js";
import { loadMesh } from "../program/loadMesh.js";
import { localLayout } from "../runner/layout.js";
import { runProduct } from "../runner/pipeline.js";
import { openSession } from "../runner/session.js";
import { literal } from "../runner/sql.js";

const SIZES = [1_000_000, 10_000_000];

async function measure(rows: number): Promise<Record<string, number>> {
  const mesh = await loadMesh();
  const domain = mesh.domains.find((d) => d.name === "orders")!;
  const product = domain.dataProducts[0]!;
  const ref = productRef(domain, product);
  const out = mkdtempSync(join(tmpdir(), "mesh-bench-"));
  const layout = localLayout(out);
  const session = await openSession(layout);
  const start = process.hrtime.bigint();
  const result = await runProduct(session.connection, {
    ref,
    contract: contractOf(domain, product),
    sql: product.transform.sql!,
    consumes: [],
    input: { kind: "generate", rows, seed: 1 },
    ingestDate: "2026-11-24",
    layout,
    progress: { stage: () => {} },
  });
  const meshSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  session.close();

  // DuckDB alone, the same SQL over the same staged Parquet, twice:
  // - "direct": writing what mesh run writes (a table in a DuckDB database file, and a Parquet
  //   file), without the contract checks and the swap — the same job done by hand;
  // - "direct in memory": into an in-memory table only, a lower bound no load can reach.
  const staged = join(layout.staging(ref), "ingest_date=2026-11-24");
  const files = readdirSync(staged).map((f) => literal(join(staged, f)));
  const db = await DuckDBInstance.create(":memory:", {
    memory_limit: "512MB",
    temp_directory: join(out, "tmp-direct"),
  });
  const direct = await db.connect();
  await direct.run(`ATTACH ${literal(join(out, "direct.duckdb"))} AS direct`);
  await direct.run(`CREATE VIEW staging AS SELECT * FROM read_parquet([${files.join(", ")}])`);
  const directStart = process.hrtime.bigint();
  await direct.run(`CREATE TABLE direct.result AS ${product.transform.sql}`);
  await direct.run(`COPY direct.result TO ${literal(join(out, "direct.parquet"))} (FORMAT parquet)`);
  const directSeconds = Number(process.hrtime.bigint() - directStart) / 1e9;
  const memoryStart = process.hrtime.bigint();
  await direct.run(`CREATE TABLE result AS ${product.transform.sql}`);
  const directMemorySeconds = Number(process.hrtime.bigint() - memoryStart) / 1e9;
  direct.closeSync();
  db.closeSync();
  rmSync(out, { recursive: true, force: true });
  return {
    rows,
    quarantined: result.quarantined,
    rowsOut: result.rowsOut,
    meshSeconds,
    transformSeconds: result.transformSeconds,
    directSeconds,
    directMemorySeconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

if (process.env.MESH_BENCH_ROWS) {
  process.stdout.write(JSON.stringify(await measure(Number(process.env.MESH_BENCH_ROWS))));
} else {
  const self = fileURLToPath(import.meta.url);
  const tsx = join(fileURLToPath(new URL("..", import.meta.url)), "node_modules", ".bin", "tsx");
  const rows = [
    [
      "rows",
      "mesh run s",
      "rows/s",
      "transform+load s",
      "direct s",
      "direct in memory s",
      "ratio (transform+load)",
      "ratio (in memory)",
      "ratio (whole run)",
      "peak RSS MiB",
    ],
  ];
  for (const size of SIZES) {
    const m = JSON.parse(
      execFileSync(tsx, [self], { env: { ...process.env, MESH_BENCH_ROWS: String(size) }, encoding: "utf8" }),
    );
    rows.push([
      size.toLocaleString("en-US"),
      m.meshSeconds.toFixed(2),
      Math.round(size / m.meshSeconds).toLocaleString("en-US"),
      m.transformSeconds.toFixed(2),
      m.directSeconds.toFixed(2),
      m.directMemorySeconds.toFixed(2),
      `${(m.directSeconds / m.transformSeconds).toFixed(2)}x`,
      `${(m.directMemorySeconds / m.transformSeconds).toFixed(2)}x`,
      `${(m.directSeconds / m.meshSeconds).toFixed(2)}x`,
      m.peakRssMiB.toFixed(0),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) process.stdout.write(`${row.map((c, i) => c.padStart(widths[i]!)).join("  ")}\n`);
}
