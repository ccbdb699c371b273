import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  consumersOf,
  DeclarationError,
  type DeclarationProblem,
  type DomainDefinition,
  type DomainInput,
  defineDomain,
  formatProblems,
  nameLimitProblems,
  validateDomain,
  validateMesh,
} from "../../components/declaration/index.js";
import { importDomains } from "../../program/loadMesh.js";
import { meshProblems } from "./meshProblems.js";

const DOMAINS_DIR = fileURLToPath(new URL("../../domains/", import.meta.url));

/** A valid declaration; each case breaks one thing. */
const valid = (): any => ({
  name: "orders",
  owner: { team: "checkout", email: "checkout-team@example.com" },
  description: "Orders placed in the web shop.",
  dataProducts: [
    {
      name: "orders",
      version: "1.2.0",
      description: "One row per order, at its latest status.",
      classification: "internal",
      schema: {
        order_id: { type: "string", required: true, description: "Order identifier." },
        amount: { type: "decimal(12,2)", required: true, description: "Order total." },
      },
      transform: { sql: "SELECT order_id, amount FROM staging", schedule: "*/15 * * * *" },
      slos: { freshness: "1h" },
    },
  ],
});

/** The problems (path and message only) a declaration fails with; fails the test if it is valid. */
function problemsOf(run: () => unknown): Pick<DeclarationProblem, "path" | "message">[] {
  try {
    run();
  } catch (e) {
    if (!(e instanceof DeclarationError)) throw e;
    return e.problems.map(({ path, message }) => ({ path, message }));
  }
  throw new Error("expected a DeclarationError, but the declaration is valid");
}

const domainProblems = (mutate: (d: any) => void, context = {}) => {
  const d = valid();
  mutate(d);
  return problemsOf(() => validateDomain(d as DomainInput, context));
};

const p0 = (d: any) => d.dataProducts[0];

describe("validateDomain rejects", () => {
  const cases: [string, (d: any) => void, string, string][] = [
    [
      "an upper-case domain name",
      (d) => {
        d.name = "Orders";
      },
      "name",
      "domain name must be lowercase letters, digits and hyphens, start with a letter and not end with a hyphen",
    ],
    [
      "a domain name ending in a hyphen",
      (d) => {
        d.name = "orders-";
      },
      "name",
      "domain name must be lowercase letters, digits and hyphens, start with a letter and not end with a hyphen",
    ],
    [
      'a domain name with "--"',
      (d) => {
        d.name = "or--ders";
      },
      "name",
      'domain name must not contain "--"',
    ],
    [
      "a domain name over 30 characters",
      (d) => {
        d.name = "a".repeat(31);
      },
      "name",
      "domain name must be at most 30 characters",
    ],
    [
      "a one-letter domain name",
      (d) => {
        d.name = "o";
      },
      "name",
      "domain name must be at least 2 characters",
    ],
    [
      "a bad owner email",
      (d) => {
        d.owner.email = "checkout-team";
      },
      "owner.email",
      "email must be an email address",
    ],
    [
      "a blank description",
      (d) => {
        d.description = "   ";
      },
      "description",
      "description must not be empty",
    ],
    [
      "a missing description",
      (d) => {
        delete d.description;
      },
      "description",
      "required (string)",
    ],
    [
      "no data products",
      (d) => {
        d.dataProducts = [];
      },
      "dataProducts",
      "a domain publishes at least one data product",
    ],
    [
      "duplicate product names",
      (d) => {
        d.dataProducts.push({ ...p0(d), version: "2.0.0" });
      },
      "dataProducts[1].name",
      'duplicate data product name "orders" (also dataProducts[0])',
    ],
    [
      "a version that is not semver",
      (d) => {
        p0(d).version = "1.2";
      },
      "dataProducts[0].version",
      'version must be semantic, such as "1.4.0"',
    ],
    [
      "a version with a leading v",
      (d) => {
        p0(d).version = "v1.2.0";
      },
      "dataProducts[0].version",
      'version must be semantic, such as "1.4.0"',
    ],
    [
      "an unknown classification",
      (d) => {
        p0(d).classification = "secret";
      },
      "dataProducts[0].classification",
      "expected one of public, internal, confidential, restricted",
    ],
    [
      "an unknown field type",
      (d) => {
        p0(d).schema.amount.type = "money";
      },
      "dataProducts[0].schema.amount.type",
      'expected one of string, int, bigint, double, decimal(p,s), boolean, date, timestamp, json, list<T>, struct<name:T,...>, got "money"',
    ],
    [
      "a field type in the wrong case",
      (d) => {
        p0(d).schema.order_id.type = "STRING";
      },
      "dataProducts[0].schema.order_id.type",
      'expected one of string, int, bigint, double, decimal(p,s), boolean, date, timestamp, json, list<T>, struct<name:T,...>, got "STRING"',
    ],
    [
      "decimal precision over 38",
      (d) => {
        p0(d).schema.amount.type = "decimal(39,2)";
      },
      "dataProducts[0].schema.amount.type",
      "decimal precision 39 exceeds 38",
    ],
    [
      "decimal scale over precision",
      (d) => {
        p0(d).schema.amount.type = "decimal(4,5)";
      },
      "dataProducts[0].schema.amount.type",
      "decimal scale 5 exceeds precision 4",
    ],
    [
      "an empty schema",
      (d) => {
        p0(d).schema = {};
      },
      "dataProducts[0].schema",
      "schema must declare at least one field",
    ],
    [
      "a cron field out of range",
      (d) => {
        p0(d).transform.schedule = "0 24 * * *";
      },
      "dataProducts[0].transform.schedule",
      'invalid cron schedule "0 24 * * *": hour field: 24 is out of range 0-23',
    ],
    [
      "a cron expression with six fields",
      (d) => {
        p0(d).transform.schedule = "0 0 * * * *";
      },
      "dataProducts[0].transform.schedule",
      'invalid cron schedule "0 0 * * * *": expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, got 6',
    ],
    [
      "a backwards cron range",
      (d) => {
        p0(d).transform.schedule = "0 0 * * FRI-MON";
      },
      "dataProducts[0].transform.schedule",
      'invalid cron schedule "0 0 * * FRI-MON": day-of-week field: range "FRI-MON" runs backwards',
    ],
    [
      "a freshness that is not a duration",
      (d) => {
        p0(d).slos.freshness = "1w";
      },
      "dataProducts[0].slos.freshness",
      'freshness must be a duration such as "15m", "1h" or "1d"',
    ],
    [
      "a zero freshness",
      (d) => {
        p0(d).slos.freshness = "0h";
      },
      "dataProducts[0].slos.freshness",
      'freshness must be a duration such as "15m", "1h" or "1d"',
    ],
    [
      "both sql and sqlFile",
      (d) => {
        p0(d).transform.sqlFile = "orders.sql";
      },
      "dataProducts[0].transform",
      "exactly one of `sql` or `sqlFile` must be provided",
    ],
    [
      "neither sql nor sqlFile",
      (d) => {
        delete p0(d).transform.sql;
      },
      "dataProducts[0].transform",
      "exactly one of `sql` or `sqlFile` must be provided",
    ],
    [
      "a bad cpu quantity",
      (d) => {
        p0(d).transform.resources = { cpu: "two", memory: "1Gi" };
      },
      "dataProducts[0].transform.resources.cpu",
      'cpu must be a Kubernetes quantity such as "500m" or "1"',
    ],
    [
      "consuming its own product",
      (d) => {
        d.consumes = [{ domain: "orders", product: "orders", major: 1 }];
      },
      "consumes[0].domain",
      'a domain cannot consume its own product "orders"; read it directly',
    ],
    [
      "consuming the same product version twice",
      (d) => {
        d.consumes = [
          { domain: "customers", product: "customers", major: 2 },
          { domain: "customers", product: "customers", major: 2 },
        ];
      },
      "consumes[1]",
      "duplicate consumption of customers.customers.v2 (also consumes[0])",
    ],
    [
      "consuming a negative major",
      (d) => {
        d.consumes = [{ domain: "customers", product: "customers", major: -1 }];
      },
      "consumes[0].major",
      "major must be 0 or more",
    ],
    [
      "an unknown top-level key",
      (d) => {
        d.team = "checkout";
      },
      "",
      'Unrecognized key: "team"',
    ],
    [
      "an unknown key in a field",
      (d) => {
        p0(d).schema.amount.nullable = true;
      },
      "dataProducts[0].schema.amount",
      'Unrecognized key: "nullable"',
    ],
    [
      "a primary key that is not also unique (required alone does not make a key)",
      (d) => {
        p0(d).schema.order_id.primaryKey = true;
      },
      "dataProducts[0].schema.order_id.primaryKey",
      "a primary key field must also be required: true and unique: true",
    ],
    [
      "an unknown key in the transform",
      (d) => {
        p0(d).transform.image = "my/runner:latest";
      },
      "dataProducts[0].transform",
      'Unrecognized key: "image"',
    ],
  ];

  it.each(cases)("%s", (_label, mutate, path, message) => {
    expect(domainProblems(mutate)).toEqual([{ path, message }]);
  });

  it("a field name that is not snake_case, saying what field names must be", () => {
    // zod reports a bad record key as "Invalid key in record" and nests the key schema's own message;
    // the declaration error must carry that message, not zod's generic one.
    expect(
      domainProblems((d) => {
        p0(d).schema.orderId = { type: "string", description: "camelCase" };
      }),
    ).toEqual([
      {
        path: "dataProducts[0].schema.orderId",
        message:
          "field names must be snake_case: lowercase letters, digits and _, starting with a letter, at most 128",
      },
    ]);
  });

  it("reports every problem of a declaration at once", () => {
    const problems = domainProblems((d) => {
      d.name = "Orders";
      p0(d).version = "one";
      p0(d).schema.amount.type = "money";
    });
    expect(problems.map((p) => p.path)).toEqual([
      "name",
      "dataProducts[0].version",
      "dataProducts[0].schema.amount.type",
    ]);
  });

  it("a DeclarationError's message lists each problem as `path: message`", () => {
    const d = valid();
    p0(d).version = "1.2";
    let error: unknown;
    try {
      validateDomain(d);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeclarationError);
    expect((error as Error).message).toBe(
      'dataProducts[0].version: version must be semantic, such as "1.4.0"',
    );
    expect(formatProblems([{ source: "domains/a/index.ts:3", path: "name", message: "bad" }])).toBe(
      "domains/a/index.ts:3: name: bad",
    );
  });
});

describe("sqlFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "mesh-sql-"));
  writeFileSync(join(dir, "orders.sql"), "SELECT 1 FROM staging\n");
  const withFile = (sqlFile: string): DomainDefinition => {
    const d = valid();
    delete p0(d).transform.sql;
    p0(d).transform.sqlFile = sqlFile;
    return { input: d, source: "domains/orders/index.ts:3", baseDir: dir };
  };

  it("is read into transform.sql, relative to the declaration's folder", () => {
    expect(validateDomain(withFile("orders.sql")).dataProducts[0]!.transform.sql).toBe(
      "SELECT 1 FROM staging\n",
    );
  });

  it("must exist", () => {
    const problems = problemsOf(() => validateDomain(withFile("missing.sql")));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe("dataProducts[0].transform.sqlFile");
    expect(problems[0]!.message).toMatch(/^file "missing\.sql" not found in .*mesh-sql-/);
  });

  it("must exist, said relative to the working directory (`.` for the directory itself)", () => {
    const here = { ...withFile("missing-0f3a.sql"), baseDir: process.cwd() };
    expect(problemsOf(() => validateDomain(here))).toEqual([
      { path: "dataProducts[0].transform.sqlFile", message: 'file "missing-0f3a.sql" not found in .' },
    ]);
  });

  it("must hold SQL: an empty or blank file is refused at the sqlFile", () => {
    writeFileSync(join(dir, "empty.sql"), "");
    writeFileSync(join(dir, "blank.sql"), " \n\t\n");
    for (const file of ["empty.sql", "blank.sql"]) {
      expect(problemsOf(() => validateDomain(withFile(file)))).toEqual([
        {
          path: "dataProducts[0].transform.sqlFile",
          message: `"${file}" is empty; a transform is exactly one SELECT`,
        },
      ]);
    }
  });

  it("must stay inside the declaration's folder", () => {
    expect(problemsOf(() => validateDomain(withFile("../orders.sql")))).toEqual([
      {
        path: "dataProducts[0].transform.sqlFile",
        message: '"../orders.sql" is outside the domain\'s folder; keep SQL next to the declaration',
      },
    ]);
  });

  it("attributes problems to the declaration's source", () => {
    try {
      validateDomain(withFile("missing.sql"));
      expect.unreachable();
    } catch (e) {
      expect((e as DeclarationError).problems[0]!.source).toBe("domains/orders/index.ts:3");
    }
  });
});

describe("name-length limits", () => {
  const named = (product: string) => (d: any) => {
    p0(d).name = product;
  };
  const over = (kind: string, name: string, limit: number) =>
    `${kind} name "${name}" is ${name.length} characters, over the limit of ${limit}; shorten the domain or product name`;

  it("rejects an S3 bucket name over 63 and IAM role names over 64, each kind once", () => {
    const product = "p".repeat(43);
    expect(domainProblems(named(product))).toEqual([
      // In dev the transform's role (63) fits, but not the staging sink's (`…-ingest`).
      {
        path: "dataProducts[0].name",
        message: over("IAM role", `mesh-dev-orders--${product}-v1-ingest`, 64),
      },
      { path: "dataProducts[0].name", message: over("S3 bucket", `mesh-staging-orders--${product}-v1`, 63) },
    ]);
  });

  it("rejects a staging sink role over 64, though the bucket and the transform's role fit", () => {
    // `mesh-staging-orders--<34>-v1` is 58 characters; with `-ingest`, 65.
    expect(domainProblems(named("p".repeat(34)))).toEqual([
      {
        path: "dataProducts[0].name",
        message: over("IAM role", `mesh-staging-orders--${"p".repeat(34)}-v1-ingest`, 64),
      },
    ]);
    expect(validateDomain(withProduct("p".repeat(33))).name).toBe("orders");
  });

  it("rejects a 64-character bucket name that IAM would still accept as a role name", () => {
    const product = "p".repeat(40); // mesh-staging-orders--<40>-v1: 64 characters
    expect(domainProblems(named(product))).toContainEqual({
      path: "dataProducts[0].name",
      message: over("S3 bucket", `mesh-staging-orders--${product}-v1`, 63),
    });
    expect(domainProblems(named(product)).map((p) => p.message)).not.toContainEqual(
      expect.stringContaining(`IAM role name "mesh-staging-orders--${product}-v1"`),
    );
  });

  it("checks names with the stack's prefix and environments", () => {
    const product = "p".repeat(39);
    // `ab-dev-orders--<39>-v1-ingest` is 64 characters: fine for the dev environment with a short prefix.
    expect(validateDomain(withProduct(product), { namePrefix: "ab", environments: ["dev"] }).name).toBe(
      "orders",
    );
    // `a-very-long-prefix-prod-orders--<22>-v1-ingest` is 64 characters, <23> is one too many for IAM.
    expect(
      validateDomain(withProduct("p".repeat(22)), {
        namePrefix: "a-very-long-prefix",
        environments: ["prod"],
      }).name,
    ).toBe("orders");
    expect(
      domainProblems(named("p".repeat(23)), { namePrefix: "a-very-long-prefix", environments: ["prod"] }),
    ).toEqual([
      {
        path: "dataProducts[0].name",
        message: over("IAM role", `a-very-long-prefix-prod-orders--${"p".repeat(23)}-v1-ingest`, 64),
      },
    ]);
  });

  it("rejects a CronJob name over 52, though 63 would fit other Kubernetes objects", () => {
    // With domain "ab" and prefix "a" in dev, the service account (`<50>-v1-transform`, 63) fits;
    // the CronJob (`<50>-v1`, 53) does not. (Nor do the staging sink's connector and role, whose
    // names add the domain and `-staging`/`-ingest`, so they bind first on long product names.)
    const product = "p".repeat(50);
    const context = { namePrefix: "a", environments: ["dev"] };
    const inDomainAb = (name: string) => (d: any) => {
      d.name = "ab";
      p0(d).name = name;
    };
    const problems = domainProblems(inDomainAb(product), context);
    expect(problems).toContainEqual({
      path: "dataProducts[0].name",
      message: over("Kubernetes CronJob", `${product}-v1`, 52),
    });
    expect(problems).toContainEqual({
      path: "dataProducts[0].name",
      message: over("Kafka connector", `ab--${product}-v1-staging`, 63),
    });
    expect(problems.map((p) => p.message)).not.toContainEqual(expect.stringContaining("ServiceAccount"));
    expect(domainProblems(inDomainAb("p".repeat(49)), context).map((p) => p.message)).not.toContainEqual(
      expect.stringContaining("CronJob"),
    );
  });

  it("rejects a product name over 63 characters", () => {
    expect(domainProblems(named("p".repeat(64)))).toEqual([
      { path: "dataProducts[0].name", message: "data product name must be at most 63 characters" },
    ]);
  });

  it("checks Kafka topic and consumer group names against 249", () => {
    // Schema limits keep real names short of 249, so check the limit itself on a raw declaration.
    const product = "p".repeat(240);
    const decl = { ...valid(), consumes: [], dataProducts: [{ ...p0(valid()), name: product }] };
    const problems = nameLimitProblems(decl, { environments: ["dev"] }, () => ["analytics"]);
    const messages = problems.map((p) => p.message);
    expect(messages).toContain(over("Kafka topic", `orders.${product}.v1.dlq`, 249));
    expect(messages).toContain(over("Kafka consumer group", `analytics.orders.${product}.v1`, 249));
    expect(problems.every((p) => p.path === "dataProducts[0].name")).toBe(true);
    // 249 exactly is allowed: `orders.<233>.v1.dlq`; with no consumers, no consumer's group is named
    // (only the staging connector's, `connect-…`).
    const atLimit = { ...decl, dataProducts: [{ ...p0(valid()), name: "p".repeat(233) }] };
    const atLimitMessages = nameLimitProblems(atLimit, { environments: ["dev"] }).map((p) => p.message);
    expect(atLimitMessages).not.toContainEqual(expect.stringContaining("Kafka topic"));
    expect(atLimitMessages).not.toContainEqual(
      expect.stringMatching(/Kafka consumer group name "[^"]*\.orders\./),
    );
  });

  it("checks Glue table names against 255", () => {
    const product = "p".repeat(253);
    const decl = { ...valid(), consumes: [], dataProducts: [{ ...p0(valid()), name: product }] };
    expect(nameLimitProblems(decl, { environments: ["dev"] }).map((p) => p.message)).toContain(
      over("Glue table", `${product}_v1`, 255),
    );
  });
});

function withProduct(name: string): DomainInput {
  const d = valid();
  p0(d).name = name;
  return d;
}

describe("validateMesh rejects", () => {
  const def = (name: string, extra: Record<string, unknown> = {}): DomainDefinition => {
    const input = { ...valid(), name, ...extra };
    input.dataProducts[0].name = `${name}-events`;
    input.dataProducts[0].version = "2.1.0";
    return { input, source: `domains/${name}/index.ts:3` };
  };
  it("two domains with the same name", () => {
    expect(meshProblems([def("sales"), def("sales")])).toEqual([
      {
        source: "domains/sales/index.ts:3",
        path: "name",
        message: 'domain "sales" is also declared at domains/sales/index.ts:3',
      },
    ]);
  });

  it("consuming a domain that does not exist", () => {
    const consumer = def("sales", { consumes: [{ domain: "billing", product: "invoices", major: 1 }] });
    expect(meshProblems([consumer, def("stock")])).toEqual([
      {
        source: "domains/sales/index.ts:3",
        path: "consumes[0].domain",
        message: 'no domain "billing" in the mesh (known: sales, stock)',
      },
    ]);
  });

  it("consuming a product the domain does not publish", () => {
    const consumer = def("sales", { consumes: [{ domain: "stock", product: "levels", major: 2 }] });
    expect(meshProblems([consumer, def("stock")])).toEqual([
      {
        source: "domains/sales/index.ts:3",
        path: "consumes[0].product",
        message: 'domain "stock" publishes no product "levels" (it publishes: stock-events)',
      },
    ]);
  });

  it("consuming a major version that is not published", () => {
    const consumer = def("sales", { consumes: [{ domain: "stock", product: "stock-events", major: 1 }] });
    expect(meshProblems([consumer, def("stock")])).toEqual([
      {
        source: "domains/sales/index.ts:3",
        path: "consumes[0].major",
        message: "stock/stock-events is published at major version 2 (2.1.0), not 1",
      },
    ]);
  });

  it("collects every domain's problems, each with its source", () => {
    const broken = def("sales", { description: "" });
    const alsoBroken = def("stock", { owner: { team: "Stock", email: "stock@example.com" } });
    expect(meshProblems([broken, alsoBroken])).toEqual([
      { source: "domains/sales/index.ts:3", path: "description", message: "description must not be empty" },
      {
        source: "domains/stock/index.ts:3",
        path: "owner.team",
        message:
          "team name must be lowercase letters, digits and hyphens, start with a letter and not end with a hyphen",
      },
    ]);
  });

  it("accepts a consumption of an existing product at its major version", () => {
    const consumer = def("sales", { consumes: [{ domain: "stock", product: "stock-events", major: 2 }] });
    const mesh = validateMesh([consumer, def("stock")]);
    expect(consumersOf(mesh, { domain: "stock", product: "stock-events", major: 2 })).toEqual(["sales"]);
    expect(consumersOf(mesh, { domain: "stock", product: "stock-events", major: 1 })).toEqual([]);
  });
});

describe("valid declarations", () => {
  it("the shipped domains form a valid mesh", async () => {
    const definitions = await importDomains(DOMAINS_DIR);
    expect(definitions).toHaveLength(3);
    const mesh = validateMesh(definitions);
    expect(mesh.domains.map((d) => d.name).sort()).toEqual(["analytics", "customers", "orders"]);
    expect(consumersOf(mesh, { domain: "orders", product: "orders", major: 1 })).toEqual(["analytics"]);
    expect(consumersOf(mesh, { domain: "customers", product: "customers", major: 2 })).toEqual(["analytics"]);
  });

  it("each shipped domain validates on its own, with its SQL file loaded and defaults filled in", async () => {
    for (const definition of await importDomains(DOMAINS_DIR)) {
      const domain = validateDomain(definition, { namePrefix: "acme-mesh" });
      for (const product of domain.dataProducts) {
        expect(product.transform.sql, `${domain.name}/${product.name}`).toMatch(/SELECT/);
        expect(product.ingestion === false || product.ingestion.partitions > 0).toBe(true);
      }
      expect(definition.source).toMatch(new RegExp(`domains/${domain.name}/index\\.ts:\\d+$`));
    }
  });

  it("defineDomain records the caller's file and line and validates nothing", () => {
    const d = valid();
    d.name = "NotValid";
    const def = defineDomain(d);
    expect(def.input).toBe(d);
    expect(def.source).toMatch(/test\/declaration\/invalid\.test\.ts:\d+$/);
    expect(def.baseDir).toBe(fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, ""));
  });

  it("fills in defaults", () => {
    const domain = validateDomain(valid());
    expect(domain.consumes).toEqual([]);
    const product = domain.dataProducts[0]!;
    expect(product.ingestion).toEqual({
      partitions: 6,
      retentionDays: 7,
      unknownFields: "reject",
      maxRecordBytes: 1_000_000,
    });
    expect(product.transform.resources).toEqual({ cpu: "250m", memory: "512Mi" });
    expect(product.schema.amount).toEqual({
      type: "decimal(12,2)",
      required: true,
      pii: false,
      unique: false,
      description: "Order total.",
    });
    expect(product.status).toBe("active");
    expect(product.quality).toEqual({});
    expect(product.access).toEqual({ pii: [] });
  });
});
