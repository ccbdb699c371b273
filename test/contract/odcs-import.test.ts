import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { contractImportCommand } from "../../cli/commands/contractImport.js";
import { OdcsImportError } from "../../components/contract/odcs/errors.js";
import { fromOdcs, fromOdcsTables, readOdcsYaml } from "../../components/contract/odcs/importOdcs.js";
import { DataProductSchema } from "../../components/declaration/schema.js";
import { loadMesh } from "../../program/loadMesh.js";
import { capture } from "../runner/support.js";

/** The official ODCS examples, vendored unchanged (source, commit and licence in its README). */
const EXAMPLES = join("test", "contract", "fixtures", "odcs-upstream", "examples");
const FIXTURES = join("test", "contract", "fixtures", "odcs");

const importFile = (path: string) => fromOdcs(readOdcsYaml(readFileSync(path, "utf8")));
const importTables = (path: string) => fromOdcsTables(readOdcsYaml(readFileSync(path, "utf8")));
const UNSUPPORTED = "the contract uses ODCS features that have no place in the mesh model:";
const unsupported = (...problems: string[]) => [UNSUPPORTED, ...problems].join("\n  ");

/**
 * Every official example: the product it imports as (name and fields), or the exact refusal (its
 * first lines, and how many more problems follow).
 */
const OUTCOMES: Record<
  string,
  | { imports: { name: string; fields: string[]; tables?: number; classified?: boolean }; slas?: true }
  | { fails: string; more?: number }
> = {
  // The postgres server is ignored with a warning; one product per table, receivers with its
  // composite key (id, country_code).
  "all__full-example.odcs.yaml": {
    imports: { name: "tbl", fields: ["transaction_reference_date", "rcvr_id", "rcvr_cntry_code"], tables: 2 },
    slas: true,
  },
  // Its Postgres domain types (Name, Flag…) are logicalType object without properties: json values.
  "all__postgresql-adventureworks-contract.odcs.yaml": {
    imports: {
      name: "department",
      fields: ["departmentid", "name", "groupname", "modifieddate"],
      tables: 68,
    },
  },
  "data-types__all-data-types.odcs.yaml": {
    // Its string's minLength, maxLength and pattern import, its array without items and object
    // without properties are json values; date and time bounds do not.
    fails: unsupported(
      "schema[0].properties[1].logicalTypeOptions.exclusiveMinimum: exclusive bounds on date values have no place in the mesh model: its min/max are inclusive",
      "schema[0].properties[1].logicalTypeOptions.maximum: bounds on date values have no place in the mesh model (min/max apply to numbers)",
      "schema[0].properties[2].logicalTypeOptions.minimum: bounds on timestamp values have no place in the mesh model (min/max apply to numbers)",
      "schema[0].properties[2].logicalTypeOptions.maximum: bounds on timestamp values have no place in the mesh model (min/max apply to numbers)",
      "schema[0].properties[3].logicalTypeOptions.minimum: bounds on timestamp values have no place in the mesh model (min/max apply to numbers)",
      "schema[0].properties[3].logicalTypeOptions.maximum: bounds on timestamp values have no place in the mesh model (min/max apply to numbers)",
      "schema[0].properties[4] (txn_time): logicalType time has no mesh type (dates and UTC timestamps only)",
    ),
  },
  "fundamentals__table-column-description.odcs.yaml": {
    imports: { name: "my-quantum", fields: ["txn_ref_dt"] },
  },
  // Its SQL rule is an SQL check (quality.sql), reading the table as {object}.
  "quality__column-accuracy.odcs.yaml": { imports: { name: "my-table", fields: ["data_value"] } },
  "quality__column-completeness.odcs.yaml": { imports: { name: "my-table", fields: ["unique_id"] } },
  "quality__column-custom.odcs.yaml": {
    fails: unsupported(
      "schema[0].properties[0].quality[0] (custom): custom (engine-specific) quality rules have no place in the mesh model",
      "schema[0].properties[0].quality[1] (custom): custom (engine-specific) quality rules have no place in the mesh model",
    ),
  },
  // At most 5 % invalid: a metric check (quality.metrics), null left out of its valid values.
  "quality__column-validity.odcs.yaml": { imports: { name: "my-table", fields: ["air_quality_status"] } },
  "roles__service-and-operational-roles.odcs.yaml": {
    fails: unsupported("schema: no schema object: a data product is one table with at least one field"),
  },
  "schema__all-schema-types.odcs.yaml": {
    // Three tables; the other two are a list<string> and a list<struct<id:string,zip:string>>.
    // Its properties are classified (public, restricted): the product is restricted.
    imports: {
      name: "tbl",
      fields: ["txn_ref_dt", "rcvr_id", "rcvr_cntry_code"],
      tables: 3,
      classified: true,
    },
  },
  // A topic's schema: the physicalType is set aside with a warning, the fields import.
  "schema__kafka-schema.odcs.yaml": {
    imports: { name: "orders-event-stream", fields: ["cust_id", "prod_id", "qty"] },
  },
  "schema__kafka-schemaregistry.odcs.yaml": {
    fails: unsupported("schema[0] (Orders): no properties: a data product declares at least one field"),
  },
  "schema__table-column.odcs.yaml": { imports: { name: "my-table", fields: ["rcvr_cntry_code"] } },
  // A composite key (rcvr_cntry_code, rcvr_id): each field required, the combination unique.
  "schema__table-columns-with-partition.odcs.yaml": {
    imports: { name: "my-table", fields: ["rcvr_cntry_code", "rcvr_id", "year", "amount"] },
  },
  "server__azure-server.odcs.yaml": {
    fails: unsupported("schema: no schema object: a data product is one table with at least one field"),
  },
  "server__kafka-server.odcs.yaml": {
    fails: unsupported("schema[0] (Orders): no properties: a data product declares at least one field"),
  },
  "sla__database-table-sla.odcs.yaml": {
    fails: unsupported("schema: no schema object: a data product is one table with at least one field"),
  },
  "stakeholders__basic-four-dpo.odcs.yaml": {
    fails: unsupported("schema: no schema object: a data product is one table with at least one field"),
  },
};

describe("ODCS import of the official examples", () => {
  it("has an expected outcome for each of the 18 examples", () => {
    expect(readdirSync(EXAMPLES).sort()).toEqual(Object.keys(OUTCOMES).sort());
    expect(Object.keys(OUTCOMES)).toHaveLength(18);
  });

  it.each(Object.entries(OUTCOMES))("%s", (file, outcome) => {
    const path = join(EXAMPLES, file);
    if ("fails" in outcome) {
      let error: unknown;
      try {
        importTables(path);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OdcsImportError);
      const lines = (error as Error).message.split("\n  ");
      const expected = outcome.fails.split("\n  ");
      expect(lines.slice(0, expected.length)).toEqual(expected);
      expect(lines.length - expected.length).toBe(outcome.more ?? 0);
      return;
    }
    const products = importTables(path);
    expect(products).toHaveLength(outcome.imports.tables ?? 1);
    const imported = products[0]!;
    const parsed = DataProductSchema.safeParse(imported.product);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data?.name).toBe(outcome.imports.name);
    expect(Object.keys(parsed.data?.schema ?? {})).toEqual(outcome.imports.fields);
    // Its SLAs give the schedule and freshness; the defaults below are for contracts without any.
    if (outcome.slas) return;
    // ODCS says nothing of how a product is built: each default is a warning.
    expect(imported.product.transform).toEqual({
      sql: "SELECT * EXCLUDE (ingest_date) FROM staging",
      schedule: "0 * * * *",
    });
    expect(imported.warnings).toEqual(
      expect.arrayContaining([
        'transform.schedule: no frequency SLA; using "0 * * * *"',
        'slos.freshness: no latency SLA; using "2h" (two runs)',
        `transform.sql: placeholder "SELECT * EXCLUDE (ingest_date) FROM staging"; write the product's transform`,
        ...(outcome.imports.classified ? [] : ['classification: none; using "internal"']),
      ]),
    );
  });

  it("sets a non-table physicalType aside with a warning: the mesh stores every product as a table", () => {
    const imported = importFile(join(EXAMPLES, "schema__kafka-schema.odcs.yaml"));
    expect(imported.warnings).toContain(
      "schema[0] (Orders): physicalType topic set aside: the mesh stores every product as an Iceberg table",
    );
  });

  it("reads YAML 1.2: unquoted dates in examples stay strings, and the field keeps its description", () => {
    const imported = importFile(join(EXAMPLES, "fundamentals__table-column-description.odcs.yaml"));
    expect(imported.product.schema.txn_ref_dt).toEqual({
      type: "date",
      description:
        "Reference date for the transaction. Use this date in reports and aggregation rather than txn_mystical_dt, as it is slightly too mystical.",
    });
    expect(imported.warnings).toContain(
      "schema[0].properties[0].examples ignored: the mesh keeps no sample values",
    );
  });

  it("maps a primary key and a nullValues rule, renaming to snake_case with a warning", () => {
    const imported = importFile(join(EXAMPLES, "quality__column-completeness.odcs.yaml"));
    expect(imported.product.schema.unique_id).toEqual({
      type: "int",
      required: true,
      unique: true,
      primaryKey: true,
      description: "Unique identifier",
    });
    expect(imported.warnings).toContain(
      "schema[0].properties[0] (UniqueID): renamed to unique_id (mesh field names are snake_case)",
    );
  });
});

describe("ODCS import of a contract written outside the mesh", () => {
  // Imported by each test that reads it, not once for the describe block: mutation testing credits
  // a test only with the code run inside it.
  const importShipments = () => importFile(join(FIXTURES, "shipments.odcs.yaml"));

  it("maps every promise the mesh can keep", () => {
    const imported = importShipments();
    expect(DataProductSchema.parse(imported.product)).toMatchObject({
      name: "shipments",
      version: "2.1.0",
      status: "active",
      classification: "confidential",
      description: "One row per shipment, at its latest tracking event.",
      terms: "Internal reporting only.\n\nCarrier data arrives up to a day late on weekends.",
      schema: {
        shipment_id: { type: "string", required: true, unique: true, pii: false },
        carrier: { type: "string", required: true, accepted: ["dhl", "ups", "fedex"] },
        recipient_email: { type: "string", required: false, pii: true },
        parcels: { type: "int", min: 1, max: 99 },
        weight_kg: { type: "decimal(8,3)", min: 0 },
        shipped_on: { type: "date", required: true },
      },
      transform: { sql: "SELECT * EXCLUDE (ingest_date) FROM staging", schedule: "*/30 * * * *" },
      slos: { freshness: "2h", availability: 99.9 },
      quality: { rowCount: { min: 10, max: 1000000 } },
    });
    expect(imported.domain).toBe("logistics");
    expect(imported.owner).toEqual({ team: "logistics-data", email: "logistics-data@example.com" });
  });

  it("warns about every conversion, default and dropped field", () => {
    const imported = importShipments();
    expect(imported.warnings).toEqual([
      'name: name "Shipments" → "shipments" (mesh names are DNS labels)',
      "schema[0].physicalName ignored: the mesh names its own tables",
      "schema[0].properties[0] (shipmentId): renamed to shipment_id (mesh field names are snake_case)",
      "schema[0].properties[0] (shipmentId): physicalType varchar(36) → string (the mesh's storage type)",
      "schema[0].properties[3] (parcels): physicalType int4 → int (the mesh's storage type)",
      "schema[0].properties[4] (weight_kg): physicalType numeric(8,3) → decimal(8,3) (the mesh's storage type)",
      "schema[0].properties[5].quality[1] (text): text quality rule ignored: the mesh only runs executable rules",
      'slaProperties[1]: frequency 30 min → transform schedule "*/30 * * * *"',
      "slaProperties[3]: SLA property retention ignored: the mesh has no place for it",
      'status: "production" → "active"',
      "description.limitations: appended to terms",
      "classification: properties say internal, confidential; the table takes the most sensitive, confidential",
      `transform.sql: placeholder "SELECT * EXCLUDE (ingest_date) FROM staging"; write the product's transform`,
      "ingestion: defaults (6 partitions, 7 days retention); ODCS does not describe ingestion",
      'domain: domain "Logistics" → "logistics" (mesh names are DNS labels)',
      "team: only the owner is kept: the mesh's owner is one team and email",
      'team.name: team name "Logistics Data" → "logistics-data" (mesh names are DNS labels)',
      "customProperties[0] (costCenter) ignored: not a property the mesh reads",
      "tags ignored: the mesh has no tags",
    ]);
  });

  it("refuses a contract whose SLAs make an invalid product, with the declaration's path", () => {
    expect(() => importFile(join(FIXTURES, "inconsistent-sla.odcs.yaml"))).toThrow(
      [
        "the contract does not make a valid mesh data product (paths are the declaration's):",
        'transform.schedule: "0 6 * * *" leaves up to 1d between runs, so data can be 1d old, but slos.freshness is 1h; run at least every 1h',
      ].join("\n  "),
    );
  });

  it("refuses an integer wider than bigint and a threshold on row counts it cannot express", () => {
    const doc = parse(readFileSync(join(FIXTURES, "shipments.odcs.yaml"), "utf8"));
    doc.schema[0].properties[3].logicalTypeOptions = { format: "u64" };
    doc.schema[0].quality = [{ metric: "rowCount", mustBe: 0, unit: "percent" }];
    expect(() => fromOdcs(doc)).toThrow(
      unsupported(
        "schema[0].properties[3] (parcels): integer format u64 does not fit the mesh's 64-bit bigint",
        "schema[0].quality[0] (rowCount): rowCount: unit: rowCount is counted in rows, not percent",
      ),
    );
  });
});

describe("ODCS import of what real contracts carry", () => {
  const shipments = () => parse(readFileSync(join(FIXTURES, "shipments.odcs.yaml"), "utf8"));

  it("reads a v3.2.0 contract as v3.1.0 with a warning, refusing what v3.2 added by name", () => {
    const doc = shipments();
    doc.apiVersion = "v3.2.0";
    expect(fromOdcs(doc).warnings).toContain(
      "apiVersion: v3.2.0 read as v3.1.0 (it uses nothing ODCS added in v3.2)",
    );
    doc.context = { instructions: "Use for reporting." };
    expect(() => fromOdcs(doc)).toThrow(
      "not a valid ODCS v3.1.0 data contract:\n  context: is not an ODCS v3.1.0 property here",
    );
    doc.apiVersion = "v4.0.0";
    delete doc.context;
    expect(() => fromOdcs(doc)).toThrow(/apiVersion: must be equal to one of the allowed values/);
  });

  it("ignores servers of any type with a warning naming them: the mesh provisions its own", () => {
    const doc = shipments();
    doc.servers = [
      {
        server: "warehouse",
        type: "postgres",
        host: "db.example.com",
        port: 5432,
        database: "ops",
        schema: "public",
      },
      { server: "lake", type: "s3", location: "s3://lake/shipments/" },
    ];
    expect(fromOdcs(doc).warnings).toContain(
      "servers (postgres warehouse, s3 lake) ignored, their content not checked: the mesh provisions and names its own topic and warehouse table",
    );
  });

  it("keeps string length and pattern constraints as field rules", () => {
    const doc = shipments();
    const email = doc.schema[0].properties[2];
    email.logicalTypeOptions = { minLength: 3, maxLength: 254, pattern: "^[^@]+@[^@]+$" };
    expect(fromOdcs(doc).product.schema.recipient_email).toMatchObject({
      minLength: 3,
      maxLength: 254,
      pattern: "^[^@]+@[^@]+$",
    });
  });

  it("refuses a pattern the mesh's engines cannot both run", () => {
    const doc = shipments();
    doc.schema[0].properties[2].logicalTypeOptions = { pattern: "^(?!noreply@)" };
    expect(() => fromOdcs(doc)).toThrow(
      unsupported(
        "schema[0].properties[2].logicalTypeOptions.pattern: pattern uses lookaround, which DuckDB's regular expressions (RE2) do not have",
      ),
    );
    doc.schema[0].properties[2].logicalTypeOptions = { pattern: "^[^@]+@" };
    expect(() => fromOdcs(doc)).not.toThrow();
  });

  it("does not validate the servers it ignores, and still validates everything else", () => {
    const doc = shipments();
    // A relative location is no URI, and `account` is no ODCS property of a postgres server.
    doc.servers = [
      { server: "lake", type: "s3", location: "lake/shipments" },
      { server: "warehouse", type: "postgres", host: "db", port: 5432, database: "ops", account: "x" },
      "not even an object",
    ];
    expect(fromOdcs(doc).warnings).toContain(
      "servers (s3 lake, postgres warehouse, servers[2]) ignored, their content not checked: the mesh provisions and names its own topic and warehouse table",
    );
    doc.schema[0].qualiti = [];
    expect(() => fromOdcs(doc)).toThrow(
      "not a valid ODCS v3.1.0 data contract:\n  schema[0].qualiti: is not an ODCS v3.1.0 property here",
    );
  });

  it("makes one product per table, named after it; fromOdcs, for one product's contract, refuses several", () => {
    const doc = shipments();
    doc.schema.push({
      name: "Tracking events",
      description: "One row per tracking event.",
      properties: [{ name: "event_id", logicalType: "string", description: "Event." }],
    });
    const products = fromOdcsTables(doc);
    expect(products.map((p) => [p.product.name, p.product.description])).toEqual([
      ["shipments", "One row per shipment, at its latest tracking event."],
      ["tracking-events", "One row per tracking event."],
    ]);
    expect(products[1]!.warnings).toContain(
      'schema[1].name: name "Tracking events" → "tracking-events" (mesh names are DNS labels)',
    );
    expect(() => fromOdcs(doc)).toThrow(
      unsupported(
        "schema: 2 schema objects (shipments, Tracking events): a data product is one table; split the contract, one per table",
      ),
    );
    // Two tables that make the same product name would clash in one domain.
    const clash = shipments();
    clash.schema.push({ ...clash.schema[0], name: "Shipments" });
    expect(() => fromOdcsTables(clash)).toThrow(
      "the contract's tables would make products of the same name:\n  schema[1] (Shipments): is product shipments once converted, like schema[0]",
    );
    // One table that cannot import refuses the whole contract, naming it.
    doc.schema[1].properties[0].logicalType = "time";
    expect(() => fromOdcsTables(doc)).toThrow(
      unsupported(
        "schema[1].properties[0] (event_id): logicalType time has no mesh type (dates and UTC timestamps only)",
      ),
    );
  });

  it("reads a decimal's precision from customProperties, else uses decimal(38,9) with a warning", () => {
    const doc = shipments();
    const weight = doc.schema[0].properties[4];
    weight.physicalType = "NUMERIC";
    weight.customProperties = [
      { property: "precision", value: "12" },
      { property: "scale", value: 4 },
    ];
    const declared = fromOdcs(doc);
    expect(declared.product.schema.weight_kg!.type).toBe("decimal(12,4)");
    expect(declared.warnings).toContain(
      "schema[0].properties[4] (weight_kg): physicalType NUMERIC → decimal(12,4) (customProperties precision and scale)",
    );
    delete weight.customProperties;
    weight.physicalType = "decimal";
    const bare = fromOdcs(doc);
    expect(bare.product.schema.weight_kg!.type).toBe("decimal(38,9)");
    expect(bare.warnings).toContain(
      "schema[0].properties[4] (weight_kg): physicalType decimal has no precision and scale; using decimal(38,9): declare the product's own if it needs more digits",
    );
    weight.customProperties = [{ property: "precision", value: 40 }];
    expect(() => fromOdcs(doc)).toThrow(
      "schema[0].properties[4] (weight_kg): physicalType decimal with customProperties precision/scale: decimal precision 40 exceeds 38",
    );
  });

  it("names a rule's business impact and schedule in a warning instead of dropping them", () => {
    const doc = shipments();
    Object.assign(doc.schema[0].properties[5].quality[0], {
      severity: "error",
      businessImpact: "operational",
      schedule: "0 20 * * *",
      scheduler: "cron",
      description: "No missing dates.",
    });
    const imported = fromOdcs(doc);
    expect(imported.product.schema.shipped_on!.required).toBe(true);
    expect(imported.warnings).toContain(
      "schema[0].properties[5].quality[0] (nullValues): businessImpact, schedule, scheduler ignored: the mesh checks every rule on every run, and any breach fails the run",
    );
  });

  it("imports a composite primary key: each field required, unique only as a combination", () => {
    const doc = shipments();
    Object.assign(doc.schema[0].properties[1], { primaryKey: true, primaryKeyPosition: 2 });
    const imported = fromOdcs(doc);
    expect(imported.product.schema.shipment_id).toMatchObject({ primaryKey: true, required: true });
    expect(imported.product.schema.shipment_id!.unique).toBeUndefined();
    expect(imported.product.schema.carrier).toMatchObject({ primaryKey: true, required: true });
    expect(imported.product.schema.carrier!.unique).toBeUndefined();
    expect(DataProductSchema.safeParse(imported.product).success).toBe(true);
  });

  it("keeps a composite key in field order, warning when its positions say another", () => {
    const doc = shipments();
    Object.assign(doc.schema[0].properties[0], { primaryKeyPosition: 2 });
    Object.assign(doc.schema[0].properties[1], { primaryKey: true, primaryKeyPosition: 1 });
    expect(fromOdcs(doc).warnings).toContain(
      "schema[0] (shipments): primary key (carrier, shipmentId) kept in field order (shipmentId, carrier): the mesh numbers a key's fields in field order",
    );
  });

  it.each([
    ["a pii custom property written as text", { customProperties: [{ property: "pii", value: "True" }] }],
    ["a PII tag in a tags custom property (dbt)", { customProperties: [{ property: "tags", value: "PII" }] }],
    ["a containsPii flag", { customProperties: [{ property: "containsPii", value: "yes" }] }],
    ["a PII tag", { tags: ["PII"] }],
    ["a pii:true tag", { tags: ["pii:true"] }],
    ["a sensitive classification", { classification: "sensitive" }],
    ["a spelled-out tag", { tags: ["Personally Identifiable Information"] }],
    ["a GDPR tag", { tags: ["gdpr"] }],
    ["a personal tag", { tags: ["personal"] }],
    [
      "a containsPersonallyIdentifiableInformation flag",
      { customProperties: [{ property: "containsPersonallyIdentifiableInformation", value: true }] },
    ],
    ["a personally identifiable classification", { classification: "personally identifiable" }],
    ...[
      "contains_pii",
      "is-pii",
      "tablePII",
      " pii=true ",
      "personally_identifiable",
      "personal_data",
      "personal-data",
      "gdpr_personal_data",
      "GDPR-personal",
    ].map((tag) => [`a ${JSON.stringify(tag)} tag`, { tags: [tag] }] as [string, object]),
  ])("keeps personal data marked by %s", (_, mark) => {
    const doc = shipments();
    Object.assign(doc.schema[0].properties[3], mark);
    const imported = fromOdcs(doc);
    expect(imported.product.schema.parcels!.pii).toBe(true);
    expect(imported.warnings.join("\n")).not.toMatch(
      /properties\[3\].*(customProperties|tags|classification).*ignored/,
    );
  });

  it("does not take a tag that only contains a PII word for a PII mark, and says it ignored it", () => {
    const doc = shipments();
    const tags = ["pii:false", "piiano", "not-pii", "pii-free", "personal-data-free", "gdpr-compliant"];
    Object.assign(doc.schema[0].properties[3], { tags });
    const imported = fromOdcs(doc);
    expect(imported.product.schema.parcels!.pii).toBeUndefined();
    expect(imported.warnings).toContain(
      `schema[0].properties[3].tags ${tags.join(", ")} ignored: the mesh has no tags`,
    );
  });

  it("does not mark a field whose PII flag is false, and warns about unrelated tags", () => {
    const doc = shipments();
    Object.assign(doc.schema[0].properties[3], {
      customProperties: [{ property: "pii", value: false }],
      tags: ["finance"],
    });
    const imported = fromOdcs(doc);
    expect(imported.product.schema.parcels!.pii).toBeUndefined();
    expect(imported.warnings).toContain("schema[0].properties[3].tags finance ignored: the mesh has no tags");
  });

  it("makes a table marked as personal data as a whole at least confidential, with a warning", () => {
    const doc = shipments();
    doc.schema[0].properties[2].tags = [];
    doc.schema[0].properties[2].classification = "internal";
    expect(fromOdcs(doc).product.classification).toBe("internal");
    doc.schema[0].customProperties = [{ property: "tags", value: "TABLE_PII" }];
    const imported = fromOdcs(doc);
    expect(imported.product.classification).toBe("confidential");
    expect(imported.warnings).toContain(
      "schema[0] (shipments): marked as personal data as a whole; the mesh marks fields: set pii: true on the personal ones (the product is at least confidential)",
    );
  });
});

describe("mesh contract import FILE", () => {
  const file = (name: string) => join(FIXTURES, name);

  it("prints a declaration that loads as a domain's data product, warnings on stderr", async () => {
    const io = capture();
    expect(await contractImportCommand({ file: file("shipments.odcs.yaml") }, io)).toBe(0);
    const ts = io.stdout.join("\n");
    expect(ts).toContain("classification: Classification.Confidential,");
    expect(ts).toContain(
      '    parcels: { type: "int", min: 1, max: 99, description: "Parcels in the shipment." },',
    );
    expect(io.stderr).toContain('warning: status: "production" → "active"');
    // Pasted into a domain as the README says, it is a valid declaration.
    const domains = mkdtempSync(join(tmpdir(), "mesh-import-"));
    mkdirSync(join(domains, "logistics"));
    writeFileSync(
      join(domains, "logistics", "index.ts"),
      `import { Classification, defineDomain } from "@datamesh/platform";

export default defineDomain({
  name: "logistics",
  owner: { team: "logistics-data", email: "logistics-data@example.com" },
  description: "Parcels on their way.",
  dataProducts: [
${ts}
  ],
});
`,
    );
    const mesh = await loadMesh({}, domains);
    expect(mesh.domains[0]!.dataProducts[0]!.schema.recipient_email!.pii).toBe(true);
  });

  it("prints one product per table, each warning once", async () => {
    const corpus = join("test", "contract", "fixtures", "datacontract-cli");
    const path = join(corpus, "dbt__import__expected__manifest_jaffle_duckdb.odcs.yaml");
    const io = capture();
    expect(await contractImportCommand({ file: path, yaml: true }, io)).toBe(0);
    const products = parseAllDocuments(io.stdout.join("\n")).map((d) => DataProductSchema.parse(d.toJS()));
    expect(products.map((p) => p.name)).toEqual([
      "orders",
      "stg-customers",
      "stg-orders",
      "stg-payments",
      "customers",
    ]);
    expect(io.stderr.filter((l) => l.includes("dbt_version"))).toHaveLength(1);
    const ts = capture();
    expect(await contractImportCommand({ file: path }, ts)).toBe(0);
    expect(ts.stdout.join("\n")).toContain('  slos: { freshness: "2h" },\n},\n\n// Data product imported');
  });

  it("prints YAML with --yaml", async () => {
    const io = capture();
    expect(await contractImportCommand({ file: file("shipments.odcs.yaml"), yaml: true }, io)).toBe(0);
    const product = parse(io.stdout.join("\n"));
    expect(DataProductSchema.parse(product)).toEqual(
      DataProductSchema.parse(importFile(file("shipments.odcs.yaml")).product),
    );
  });

  it.each([
    [
      "invalid-logical-type.odcs.yaml",
      [
        "not a valid ODCS v3.1.0 data contract:",
        "schema[0].properties[2].logicalType: must be equal to one of the allowed values: string, date, timestamp, time, number, integer, object, array, boolean",
      ],
    ],
    [
      "invalid-structure.odcs.yaml",
      [
        "not a valid ODCS v3.1.0 data contract:",
        "(root): must have required property 'id'",
        "team.members[0]: must have required property 'username'",
        "slaProperties[0]: must have required property 'value'",
      ],
    ],
    [
      "not-yaml.odcs.yaml",
      ["not a YAML document:", "Nested mappings are not allowed in compact mappings at line 3, column 11"],
    ],
    ["missing.odcs.yaml", ["cannot read: no such file"]],
  ])("exits 2 for %s, naming the path and reason, with no stack trace", async (name, lines) => {
    const io = capture();
    expect(await contractImportCommand({ file: file(name) }, io)).toBe(2);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toEqual([`error: ${file(name)}: ${lines.join("\n  ")}`]);
    expect(io.stderr.join("\n")).not.toMatch(/\n\s+at /);
  });

  it("exits 2 for a file that is YAML but not a mapping", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mesh-import-"));
    const text = join(dir, "notes.txt");
    writeFileSync(text, "just some notes\n");
    const io = capture();
    expect(await contractImportCommand({ file: text }, io)).toBe(2);
    expect(io.stderr).toEqual([
      `error: ${text}: not a valid ODCS v3.1.0 data contract:\n  (root): must be object`,
    ]);
  });
});

describe("logicalTypeOptions as the mesh's field rules", () => {
  const contract = (properties: object[]) => ({
    apiVersion: "v3.1.0",
    kind: "DataContract",
    id: "rates",
    name: "rates",
    version: "1.0.0",
    status: "active",
    schema: [{ name: "rates", physicalType: "table", properties }],
  });

  it("keeps the tighter of an inclusive and an exclusive bound on the same side, in either order", () => {
    const { product } = fromOdcs(
      contract([
        {
          name: "a",
          logicalType: "integer",
          description: "A.",
          logicalTypeOptions: { exclusiveMinimum: 10, minimum: 5, maximum: 50, exclusiveMaximum: 20 },
        },
        {
          name: "b",
          logicalType: "integer",
          description: "B.",
          logicalTypeOptions: { minimum: 5, exclusiveMinimum: 2, exclusiveMaximum: 60, maximum: 50 },
        },
        {
          name: "c",
          logicalType: "number",
          description: "C.",
          logicalTypeOptions: { minimum: 1.5, maximum: 9 },
        },
      ]),
    );
    expect(product.schema).toMatchObject({
      a: { type: "int", min: 11, max: 19 },
      b: { type: "int", min: 5, max: 50 },
      c: { type: "double", min: 1.5, max: 9 },
    });
  });

  it("refuses exclusive bounds it cannot make inclusive: on decimals, and not whole numbers", () => {
    expect(() =>
      fromOdcs(
        contract([
          {
            name: "a",
            logicalType: "number",
            description: "A.",
            logicalTypeOptions: { exclusiveMinimum: 0 },
          },
          {
            name: "b",
            logicalType: "integer",
            description: "B.",
            logicalTypeOptions: { exclusiveMaximum: 1.5 },
          },
        ]),
      ),
    ).toThrow(
      unsupported(
        "schema[0].properties[0].logicalTypeOptions.exclusiveMinimum: exclusive bounds on double values have no place in the mesh model: its min/max are inclusive",
        "schema[0].properties[1].logicalTypeOptions.exclusiveMaximum: exclusive bounds on int values have no place in the mesh model: its min/max are inclusive",
      ),
    );
  });

  it("warns of what it ignores: text formats, time zones other than UTC", () => {
    const { warnings } = fromOdcs(
      contract([
        { name: "c", logicalType: "string", description: "C.", logicalTypeOptions: { format: "email" } },
        {
          name: "d",
          logicalType: "timestamp",
          description: "D.",
          logicalTypeOptions: { timezone: true, defaultTimezone: "Europe/Paris" },
        },
        {
          name: "e",
          logicalType: "timestamp",
          description: "E.",
          logicalTypeOptions: { timezone: false, defaultTimezone: "Etc/UTC" },
        },
        { name: "f", logicalType: "integer", description: "F.", logicalTypeOptions: { format: "i64" } },
      ]),
    );
    expect(warnings.filter((w) => w.includes("logicalTypeOptions"))).toEqual([
      "schema[0].properties[0].logicalTypeOptions.format email ignored: the mesh does not check text formats",
      "schema[0].properties[1].logicalTypeOptions.timezone ignored: mesh timestamps are UTC, without a time zone",
      "schema[0].properties[1].logicalTypeOptions.defaultTimezone Europe/Paris ignored: mesh timestamps are UTC",
    ]);
  });
});
