/**
 * Names in a declaration are hostile input that ends up in SQL: a quote in a field name is escaped,
 * never ends the identifier or the JSON path it is part of.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { expect, it } from "vitest";
import { ident, jsonPath } from "../../runner/sql.js";

it("quotes a field name with double quotes as one identifier and one JSON key", async () => {
  const name = 'a"b';
  expect(ident(name)).toBe('"a""b"');
  const connection = await (await DuckDBInstance.create(":memory:")).connect();
  const rows = await connection.runAndReadAll(
    `SELECT json_extract_string('{"a\\"b": "x", "a": "y"}', ${jsonPath(name)}) AS ${ident(name)}`,
  );
  expect(rows.getRowObjectsJson()).toEqual([{ [name]: "x" }]);
  connection.closeSync();
});
