/**
 * For the lineage tests: the names of a query's output columns, in order, from DuckDB binding it
 * against empty tables typed like the relations given, without a product model around it (the
 * plan takes them from `bindTransform`, which needs one).
 */
import { DuckDBInstance } from "@duckdb/node-api";
import type { Field } from "../../components/declaration/schema.js";
import { duckdbType, type FieldType } from "../../components/declaration/types.js";

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The output column names of `sql` over `relations`; throws DuckDB's binder error if it does not bind. */
export async function outputColumnNames(
  sql: string,
  relations: readonly { readonly view: string; readonly schema: Readonly<Record<string, Field>> }[],
): Promise<string[]> {
  const instance = await DuckDBInstance.create(":memory:", {
    enable_external_access: "false",
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
  });
  const connection = await instance.connect();
  try {
    for (const r of relations) {
      const columns = Object.entries(r.schema).map(
        ([n, f]) => `${ident(n)} ${duckdbType(f.type as FieldType)}`,
      );
      await connection.run(`CREATE TABLE ${ident(r.view)} (${columns.join(", ")})`);
    }
    await connection.run("SET lock_configuration = true");
    const reader = await connection.runAndReadAll(`DESCRIBE ${sql}`);
    return reader.getRows().map((row) => String(row[0]));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
