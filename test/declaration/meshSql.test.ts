/**
 * Where a problem in a product's SQL is reported (meshSql.ts): at the SQL file's line and column,
 * at the line of the domain file where inline SQL is written, or at the domain's declaration when
 * the SQL cannot be found in it; and what `bind: false` (the contract diff's own binding) skips.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { DomainDefinition } from "../../components/declaration/defineDomain.js";
import { validateMesh } from "../../components/declaration/mesh.js";
import { meshSqlProblems } from "../../components/declaration/meshSql.js";

const BAD_SQL = "SELECT order_id,\n  amont AS amount\nFROM staging";

/** An orders domain whose one product's transform is `transform`, declared at `source`. */
function orders(transform: Record<string, unknown>, source: string, baseDir?: string): DomainDefinition {
  return {
    source,
    ...(baseDir ? { baseDir } : {}),
    input: {
      name: "orders",
      owner: { team: "checkout", email: "checkout@example.com" },
      description: "Orders.",
      dataProducts: [
        {
          name: "orders",
          version: "1.0.0",
          description: "One row per order.",
          classification: "internal",
          schema: {
            order_id: { type: "string", required: true, description: "Order." },
            amount: { type: "double", required: true, description: "Total." },
          },
          transform: { schedule: "0 * * * *", ...transform },
          slos: { freshness: "1d" },
        },
      ],
    } as never,
  };
}

async function problemsOf(def: DomainDefinition, bind?: boolean) {
  return meshSqlProblems(validateMesh([def]), [def], bind === undefined ? {} : { bind });
}

describe("where a SQL problem is reported", () => {
  it("inline SQL: at the domain file's own line and column where the SQL is written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-sql-"));
    const file = join(dir, "index.ts");
    writeFileSync(file, `export default defineDomain({\n  sql: \`${BAD_SQL}\`,\n});\n`);
    const [problem, ...rest] = await problemsOf(orders({ sql: BAD_SQL }, `${file}:1`));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      source: `${file}:3:3`,
      path: "dataProducts[0].transform.sql",
    });
    expect(problem!.message).toMatch(
      /^the transform SQL does not bind against its inputs' contracts: .*"amont"/,
    );
  });

  it("inline SQL the domain file does not hold: at the declaration, with the SQL's own line and column", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-sql-"));
    const file = join(dir, "index.ts");
    writeFileSync(file, "export default defineDomain(built());\n");
    const [problem] = await problemsOf(orders({ sql: BAD_SQL }, `${file}:12`));
    expect(problem).toMatchObject({ source: `${file}:12`, path: "dataProducts[0].transform.sql" });
    expect(problem!.message).toMatch(/^the transform SQL \(SQL line 2, column 3\) does not bind/);
    const [unknown] = await problemsOf(orders({ sql: BAD_SQL }, "domains/orders/index.ts:12"));
    expect(unknown).toMatchObject({
      source: "domains/orders/index.ts:12",
      path: "dataProducts[0].transform.sql",
    });
  });

  it("a problem without a position stays at the declaration, even when the SQL is in the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-sql-"));
    const file = join(dir, "index.ts");
    const sql = "SELECT 1 AS order_id; SELECT 2 AS order_id";
    writeFileSync(file, `export default defineDomain({ sql: \`${sql}\` });\n`);
    expect(await problemsOf(orders({ sql }, `${file}:1`))).toEqual([
      {
        source: `${file}:1`,
        path: "dataProducts[0].transform.sql",
        message: "the transform SQL has 2 statements; a transform is exactly one SELECT",
      },
    ]);
  });

  it("a SQL file: at its own line and column, relative to the working directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-sql-"));
    writeFileSync(join(dir, "orders.sql"), BAD_SQL);
    const [problem] = await problemsOf(orders({ sqlFile: "orders.sql" }, join(dir, "index.ts:9"), dir));
    expect(problem).toMatchObject({
      source: `${relative(process.cwd(), join(dir, "orders.sql"))}:2:3`,
      path: "dataProducts[0].transform.sqlFile",
    });
    expect(problem!.message).toMatch(/^the transform SQL does not bind against its inputs' contracts/);
  });
});

describe("bind: false", () => {
  it("still refuses SQL that is not a transform, and binds nothing", async () => {
    expect(await problemsOf(orders({ sql: BAD_SQL }, "domains/orders/index.ts:1"), false)).toEqual([]);
    expect(
      (await problemsOf(orders({ sql: "DELETE FROM staging" }, "domains/orders/index.ts:1"), false)).map(
        (p) => p.message,
      ),
    ).toEqual([
      "the transform SQL is not a SELECT but DELETE; a transform is exactly one SELECT, whose result the platform loads",
    ]);
  });

  it("leaves the quality checks' SQL unbound too", async () => {
    const def = orders({ sql: "SELECT order_id, amount FROM staging" }, "domains/orders/index.ts:1");
    (def.input as any).dataProducts[0].quality = {
      sql: [{ name: "no_refunds", query: "SELECT count(*) FROM {object} WHERE amont < 0", mustBe: 0 }],
    };
    expect(await problemsOf(def, false)).toEqual([]);
    expect((await problemsOf(def)).map((p) => p.message).join("\n")).toMatch(/amont/);
  });
});
