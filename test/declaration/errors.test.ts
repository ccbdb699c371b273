/** How declaration problems read (errors.ts, duckdbTypeName.ts): one line each, paths as written. */
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { duckdbTypeName } from "../../components/declaration/duckdbTypeName.js";
import {
  DeclarationError,
  formatPath,
  formatProblems,
  problemsFromZod,
} from "../../components/declaration/errors.js";

describe("formatProblems", () => {
  it("writes each problem on its own line, with its source and path when it has them", () => {
    expect(
      formatProblems([
        { source: "domains/orders/index.ts:3", path: "dataProducts[0].name", message: "too long" },
        { source: "domains/orders/index.ts:3", path: "", message: "no products" },
        { path: "owner.email", message: "not an email" },
        { message: "the mesh is empty" } as never,
      ]),
    ).toBe(
      [
        "domains/orders/index.ts:3: dataProducts[0].name: too long",
        "domains/orders/index.ts:3: no products",
        "owner.email: not an email",
        "the mesh is empty",
      ].join("\n"),
    );
  });

  it("is the message of a DeclarationError, which keeps the problems", () => {
    const problems = [{ source: "a.ts:1", path: "name", message: "bad" }];
    const error = new DeclarationError(problems);
    expect(error.message).toBe("a.ts:1: name: bad");
    expect(error.problems).toEqual(problems);
    expect(error.name).toBe("DeclarationError");
  });
});

describe("problemsFromZod", () => {
  it("formats paths as a declaration writes them, under a prefix", () => {
    expect(formatPath(["dataProducts", 1, "schema", "amount"])).toBe("dataProducts[1].schema.amount");
    expect(formatPath([0, "a"])).toBe("[0].a");
    const schema = z.object({ items: z.array(z.object({ n: z.number() })) });
    const result = schema.safeParse({ items: [{ n: 1 }, { n: "x" }] });
    expect(problemsFromZod(result.error!, ["dataProducts", 2])).toEqual([
      { path: "dataProducts[2].items[1].n", message: "Invalid input: expected number, received string" },
    ]);
  });

  it("says a missing field is required, naming its type", () => {
    const result = z.object({ name: z.string() }).safeParse({});
    expect(problemsFromZod(result.error!)).toEqual([{ path: "name", message: "required (string)" }]);
  });

  it("gives a bad record key's own messages, every one of them", () => {
    const key = z
      .string()
      .regex(/^[a-z]+$/, "must be lowercase")
      .max(3, "at most 3 letters");
    const result = z.record(key, z.number()).safeParse({ ABCD: 1 });
    expect(problemsFromZod(result.error!)).toEqual([
      { path: "ABCD", message: "must be lowercase; at most 3 letters" },
    ]);
  });
});

describe("problemsFromZod of a union", () => {
  const ingestion = z.object({
    ingestion: z.union([z.literal(false), z.object({ mode: z.enum(["a", "b"]), n: z.int() })]),
  });

  it("names what is wrong inside the one branch the value has the shape of", () => {
    const result = ingestion.safeParse({ ingestion: { mode: "c", n: 1.5 } });
    expect(problemsFromZod(result.error!, ["dataProducts", 0])).toEqual([
      { path: "dataProducts[0].ingestion.mode", message: 'Invalid option: expected one of "a"|"b"' },
      { path: "dataProducts[0].ingestion.n", message: "Invalid input: expected int, received number" },
    ]);
  });

  it("names every shape it may have when the value has none of them", () => {
    for (const value of ["yes", true, 3]) {
      expect(problemsFromZod(ingestion.safeParse({ ingestion: value }).error!)).toEqual([
        { path: "ingestion", message: "expected false or object" },
      ]);
    }
    const choices = z.union([z.enum(["a", "b"]), z.literal(false)]);
    expect(problemsFromZod(choices.safeParse(5).error!)).toEqual([
      { path: "", message: 'expected "a" or "b" or false' },
    ]);
    const scalar = z.union([z.string(), z.number()]);
    expect(problemsFromZod(z.array(scalar).safeParse(["a", true]).error!)).toEqual([
      { path: "[1]", message: "expected string or number" },
    ]);
  });

  it("keeps zod's message when the value fits several branches' shapes, or its one type's reason", () => {
    const two = z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]);
    expect(problemsFromZod(two.safeParse({}).error!)).toEqual([{ path: "", message: "Invalid input" }]);
    const refined = z.union([z.string().min(3), z.number()]);
    expect(problemsFromZod(refined.safeParse("ab").error!)).toEqual([
      { path: "", message: "Too small: expected string to have >=3 characters" },
    ]);
  });
});

describe("duckdbTypeName", () => {
  it("names lists, fixed-size arrays and structs (quoting field names) at every depth, aliases kept", async () => {
    const connection = await (await DuckDBInstance.create(":memory:")).connect();
    const prepared = await connection.prepare(
      `SELECT [1, 2]::INTEGER[] AS l, [1, 2, 3]::INTEGER[3] AS a, {'x"y': 1, 'j': '{}'::JSON, 'n': [{'d': DATE '2026-01-01'}]} AS s, '{}'::JSON AS j`,
    );
    const names = Array.from({ length: prepared.columnCount }, (_, i) =>
      duckdbTypeName(prepared.columnType(i)),
    );
    expect(names).toEqual([
      "INTEGER[]",
      "INTEGER[3]",
      'STRUCT("x""y" INTEGER, "j" JSON, "n" STRUCT("d" DATE)[])',
      "JSON",
    ]);
  });
});
