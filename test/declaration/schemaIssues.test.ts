/**
 * What the declaration's one zod schema (`components/declaration/schema.ts`) says of each thing a
 * domain team can get wrong in a product or a domain: the issue's kind, the path it is at, and a
 * message that names the setting and what it takes.
 */
import { describe, expect, it } from "vitest";
import { problemsFromZod } from "../../components/declaration/errors.js";
import { DataProductSchema, DomainSchema, majorOf } from "../../components/declaration/schema.js";

const PRODUCT = {
  name: "rates",
  version: "1.0.0",
  description: "One row per rate.",
  classification: "internal",
  schema: { code: { type: "string", description: "c" } },
  transform: { sql: "SELECT * FROM staging", schedule: "0 * * * *" },
  slos: { freshness: "2h" },
};
const DOMAIN = {
  name: "finance",
  owner: { team: "fin", email: "f@example.com" },
  description: "d",
  dataProducts: [PRODUCT],
};
const SQL = { sql: "SELECT * FROM staging", schedule: "0 * * * *" };
const DNS = "must be lowercase letters, digits and hyphens, start with a letter and not end with a hyphen";

/** Each issue as [code, path, message]; none when the input is valid. */
const issues = (schema: typeof DataProductSchema | typeof DomainSchema, input: unknown) => {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => [i.code, i.path.join("."), i.message]);
};
const product = (override: object) => issues(DataProductSchema, { ...PRODUCT, ...override });
const domain = (override: object) => issues(DomainSchema, { ...DOMAIN, ...override });

describe("a product's settings", () => {
  it("need at least one field in the schema and in the raw records' schema", () => {
    expect(product({ schema: {} })).toEqual([["custom", "schema", "schema must declare at least one field"]]);
    expect(product({ ingestion: { schema: {} } })).toEqual([
      ["custom", "ingestion.schema", "schema must declare at least one field"],
    ]);
  });

  it("name the choices of an enumerated setting", () => {
    expect(product({ status: "gone" })).toEqual([
      ["invalid_value", "status", "expected one of draft, active, deprecated, retired"],
    ]);
    expect(product({ transform: { ...SQL, engine: "flink" } })).toEqual([
      ["invalid_value", "transform.engine", "expected one of duckdb, spark"],
    ]);
    expect(
      problemsFromZod(
        DataProductSchema.safeParse({ ...PRODUCT, ingestion: { unknownFields: "keep" } }).error!,
      ),
    ).toEqual([{ path: "ingestion.unknownFields", message: "expected one of reject, drop" }]);
  });

  it("refuse blank texts by name", () => {
    expect(product({ description: "" })).toEqual([
      ["too_small", "description", "description must not be empty"],
    ]);
    expect(product({ terms: " " })).toEqual([["too_small", "terms", "terms must not be empty"]]);
    expect(product({ transform: { ...SQL, sql: "  " } })).toEqual([
      ["too_small", "transform.sql", "sql must not be empty"],
    ]);
    expect(product({ transform: { schedule: SQL.schedule, sqlFile: " " } })).toEqual([
      ["too_small", "transform.sqlFile", "sqlFile must not be empty"],
    ]);
  });

  it("take exactly one of sql and sqlFile, a cron schedule and Kubernetes quantities", () => {
    const one = [["custom", "transform", "exactly one of `sql` or `sqlFile` must be provided"]];
    expect(product({ transform: { ...SQL, sqlFile: "a.sql" } })).toEqual(one);
    expect(product({ transform: { schedule: SQL.schedule } })).toEqual(one);
    expect(product({ transform: { ...SQL, schedule: "bad" } })).toEqual([
      [
        "custom",
        "transform.schedule",
        'invalid cron schedule "bad": expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, got 1',
      ],
    ]);
    expect(product({ transform: { ...SQL, resources: { cpu: "x", memory: "lots" } } })).toEqual([
      [
        "invalid_format",
        "transform.resources.cpu",
        'cpu must be a Kubernetes quantity such as "500m" or "1"',
      ],
      [
        "invalid_format",
        "transform.resources.memory",
        'memory must be a Kubernetes quantity such as "512Mi" or "2Gi"',
      ],
    ]);
  });

  it("list each consuming domain once, as a domain name", () => {
    expect(product({ access: { pii: ["ab", "ab"], consumers: ["cd", "cd", "ab"] } })).toEqual([
      ["custom", "access.pii", 'access.pii lists "ab" twice'],
      ["custom", "access.consumers", 'access.consumers lists "cd" twice'],
    ]);
    expect(product({ access: { pii: ["Bad_Name"] } })).toEqual([
      ["invalid_format", "access.pii.0", `domain name ${DNS}`],
    ]);
  });
});

describe("a product's settings that depend on each other", () => {
  it("refuse an incremental transform without ingestion, or with raw records of another schema", () => {
    expect(product({ ingestion: false, transform: { ...SQL, incremental: true } })).toEqual([
      [
        "custom",
        "transform.incremental",
        "an incremental transform folds new raw records into its table: it needs ingestion",
      ],
    ]);
    expect(
      product({ ingestion: { schema: PRODUCT.schema }, transform: { ...SQL, incremental: true } }),
    ).toEqual([
      [
        "custom",
        "transform.incremental",
        "an incremental transform reads its own output as staging: its raw records must have the product's schema (remove ingestion.schema)",
      ],
    ]);
  });

  it("refuse Spark without ingestion, or with a pattern on the product", () => {
    expect(product({ ingestion: false, transform: { ...SQL, engine: "spark" } })).toEqual([
      [
        "custom",
        "transform.engine",
        "a Spark transform stages raw records before it runs: a product without ingestion runs on duckdb",
      ],
    ]);
    expect(
      product({
        schema: { code: { type: "string", description: "c", pattern: "^a" } },
        transform: { ...SQL, engine: "spark" },
      }),
    ).toEqual([
      [
        "custom",
        "schema.code.pattern",
        "pattern is checked by the duckdb runner only: Spark's regular expressions backtrack; remove it or run on duckdb",
      ],
    ]);
  });

  it("refuse a schedule slower than the freshness, loose keys, rules on missing fields and PII to non-consumers", () => {
    expect(product({ transform: { ...SQL, schedule: "0 0 * * *" }, slos: { freshness: "1h" } })).toEqual([
      [
        "custom",
        "transform.schedule",
        '"0 0 * * *" leaves up to 1d between runs, so data can be 1d old, but slos.freshness is 1h; run at least every 1h',
      ],
    ]);
    const key = { code: { type: "string", description: "c", primaryKey: true } };
    const loose = "a primary key field must also be required: true and unique: true";
    expect(product({ schema: key })).toEqual([["custom", "schema.code.primaryKey", loose]]);
    expect(product({ ingestion: { schema: key } })).toEqual([
      ["custom", "ingestion.schema.code.primaryKey", loose],
    ]);
    expect(product({ quality: { metrics: [{ metric: "nullValues", field: "nope", mustBe: 1 }] } })).toEqual([
      ["custom", "quality.metrics.0.field", 'no field "nope" in the schema (it has: code)'],
    ]);
    expect(product({ classification: "confidential", access: { pii: ["xy"] } })).toEqual([
      [
        "custom",
        "access.pii.0",
        '"xy" is admitted to the PII but may not consume the product: add it to access.consumers',
      ],
    ]);
  });
});

describe("a domain's settings", () => {
  it("need a product, unique product names and no consumption of its own or twice", () => {
    expect(domain({ dataProducts: [] })).toEqual([
      ["too_small", "dataProducts", "a domain publishes at least one data product"],
    ]);
    expect(domain({ dataProducts: [PRODUCT, PRODUCT] })).toEqual([
      ["custom", "dataProducts.1.name", 'duplicate data product name "rates" (also dataProducts[0])'],
    ]);
    expect(domain({ consumes: [{ domain: "finance", product: "xy", major: 1 }] })).toEqual([
      ["custom", "consumes.0.domain", 'a domain cannot consume its own product "xy"; read it directly'],
    ]);
    const twice = { domain: "ab", product: "xy", major: 1 };
    expect(domain({ consumes: [twice, twice] })).toEqual([
      ["custom", "consumes.1", "duplicate consumption of ab.xy.v1 (also consumes[0])"],
    ]);
  });

  it("name the setting of a bad name, major, purpose, team or email", () => {
    expect(domain({ consumes: [{ domain: "Bad", product: "Bad", major: -1, purpose: " " }] })).toEqual([
      ["invalid_format", "consumes.0.domain", `domain name ${DNS}`],
      ["invalid_format", "consumes.0.product", `data product name ${DNS}`],
      ["too_small", "consumes.0.major", "major must be 0 or more"],
      ["too_small", "consumes.0.purpose", "purpose must not be empty"],
    ]);
    expect(domain({ owner: { team: "Fin", email: "nope" } })).toEqual([
      ["invalid_format", "owner.team", `team name ${DNS}`],
      ["invalid_format", "owner.email", "email must be an email address"],
    ]);
  });
});

describe("a product's major version", () => {
  it("is the version's first number", () => {
    expect(majorOf({ version: "12.3.4" })).toBe(12);
    expect(majorOf({ version: "0.1.0" })).toBe(0);
  });
});
