/**
 * The contract-level parts of an ODCS import (`components/contract/odcs/importOdcs.ts`): status,
 * team, the schedule a latency needs, servers, names, classification, and contracts of several
 * tables — each read as exactly as the mesh can hold it, with a warning for each guess and an
 * error naming every table that cannot import.
 */
import { describe, expect, it } from "vitest";
import { fromOdcs, fromOdcsTables, readOdcsYaml } from "../../components/contract/odcs/importOdcs.js";

type Obj = Record<string, unknown>;
const table = (name: string, extra: Obj = {}): Obj => ({
  name,
  physicalType: "table",
  description: `${name}.`,
  properties: [{ name: "code", logicalType: "string", description: "Code." }],
  ...extra,
});
const contract = (extra: Obj = {}, tables: Obj[] = [table("rates")]): Obj => ({
  apiVersion: "v3.1.0",
  kind: "DataContract",
  id: "rates",
  name: "rates",
  version: "2.0.0",
  status: "active",
  description: { purpose: "Rates." },
  schema: tables,
  ...extra,
});
/** The warnings besides those every contract without SLAs, team or classification gets. */
const DEFAULTS = [
  'classification: none; using "internal"',
  'transform.schedule: no frequency SLA; using "0 * * * *"',
  'slos.freshness: no latency SLA; using "2h" (two runs)',
  'transform.sql: placeholder "SELECT * EXCLUDE (ingest_date) FROM staging"; write the product\'s transform',
  "ingestion: defaults (6 partitions, 7 days retention); ODCS does not describe ingestion",
];
const own = (warnings: readonly string[]) => warnings.filter((w) => !DEFAULTS.includes(w));
const TIME = "logicalType time has no mesh type (dates and UTC timestamps only)";
const timeTable = (name: string) =>
  table(name, { properties: [{ name: "t", logicalType: "time", description: "t" }] });

describe("a contract's status", () => {
  it("maps the lifecycle words of other tools to the mesh's, saying so, and keeps the mesh's own", () => {
    const status = (s: string) => {
      const { product, warnings } = fromOdcs(contract({ status: s }));
      return [product.status, own(warnings)];
    };
    expect(status("proposed")).toEqual(["draft", ['status: "proposed" → "draft"']]);
    expect(status("In Development")).toEqual(["draft", ['status: "In Development" → "draft"']]);
    expect(status("production")).toEqual(["active", ['status: "production" → "active"']]);
    expect(status("beta")).toEqual(["draft", ['status: "beta" → "draft"']]);
    expect(status("deprecated")).toEqual(["deprecated", []]);
    expect(status("retired")).toEqual(["retired", []]);
  });
});

describe("a contract's team", () => {
  it("gives the current owner, in any case, and says only the owner is kept", () => {
    const team = {
      name: "Fin Team",
      members: [
        { username: "old@example.com", role: "owner", dateOut: "2024-01-01" },
        { username: "a@example.com", role: "OWNER" },
        { username: "b@example.com", role: "dev" },
      ],
    };
    const { owner, warnings } = fromOdcs(contract({ team }));
    expect(owner).toEqual({ team: "fin-team", email: "a@example.com" });
    expect(own(warnings)).toEqual([
      "team: only the owner is kept: the mesh's owner is one team and email",
      'team.name: team name "Fin Team" → "fin-team" (mesh names are DNS labels)',
    ]);
  });

  it("takes the one member when no one is the owner, without a warning", () => {
    const { owner, warnings } = fromOdcs(
      contract({ team: { name: "fin", members: [{ username: "c@example.com" }] } }),
    );
    expect(owner).toEqual({ team: "fin", email: "c@example.com" });
    expect(own(warnings)).toEqual([]);
  });

  it("gives no owner without a team name and an email, and says to add it by hand", () => {
    const teams = [
      [{ username: "c@example.com", role: "owner" }],
      { name: "fin", members: [{ username: "nobody", role: "owner" }] },
      { name: "fin" },
    ];
    for (const team of teams) {
      const { owner, warnings } = fromOdcs(contract({ team }));
      expect(owner).toBeUndefined();
      expect(own(warnings)).toEqual([
        "team: no team name and owner email; add the owner to the domain by hand",
      ]);
    }
  });
});

describe("a schedule for a latency without a frequency", () => {
  it("runs often enough to keep the data within the latency: hourly, or the next divisor of an hour below it", () => {
    const read = (minutes: number) => {
      const { product, warnings } = fromOdcs(
        contract({ slaProperties: [{ property: "latency", value: minutes, unit: "min" }] }),
      );
      return [
        product.transform.schedule,
        product.slos.freshness,
        warnings.find((w) => w.startsWith("transform.schedule")),
      ];
    };
    expect(read(45)).toEqual([
      "*/30 * * * *",
      "45m",
      'transform.schedule: no frequency SLA; using "*/30 * * * *"',
    ]);
    expect(read(10)).toEqual([
      "*/10 * * * *",
      "10m",
      'transform.schedule: no frequency SLA; using "*/10 * * * *"',
    ]);
    expect(read(7)).toEqual([
      "*/6 * * * *",
      "7m",
      'transform.schedule: no frequency SLA; using "*/6 * * * *"',
    ]);
    expect(read(1)).toEqual(["* * * * *", "1m", 'transform.schedule: no frequency SLA; using "* * * * *"']);
    expect(read(60)).toEqual(["0 * * * *", "1h", 'transform.schedule: no frequency SLA; using "0 * * * *"']);
  });
});

describe("a contract's servers", () => {
  it("are named in one warning by type and name, else by position, whatever their shape", () => {
    const warned = (servers: unknown) => own(fromOdcs(contract({ servers })).warnings);
    const note = (listed: string) =>
      `servers (${listed}) ignored, their content not checked: the mesh provisions and names its own topic and warehouse table`;
    expect(warned({ type: "postgres", server: "prod" })).toEqual([note("postgres prod")]);
    expect(warned([{ type: "kafka" }, "x", {}])).toEqual([note("kafka, servers[1], servers[2]")]);
    expect(warned([])).toEqual([]);
    expect(warned(null)).toEqual([]);
  });
});

describe("a contract's name and classification", () => {
  it("is the dataProduct's when the contract has no name, as a DNS label", () => {
    const doc = contract({ dataProduct: "Rate Book" });
    delete doc.name;
    const { product, warnings } = fromOdcs(doc);
    expect(product.name).toBe("rate-book");
    expect(own(warnings)).toEqual([
      'dataProduct: name "Rate Book" → "rate-book" (mesh names are DNS labels)',
    ]);
  });

  it("takes the table's physical name silently when it is the mesh's own for the major", () => {
    expect(own(fromOdcs(contract({}, [table("rates", { physicalName: "rates_v2" })])).warnings)).toEqual([]);
  });

  it("takes the most sensitive property's classification, and confidential for personal data", () => {
    const properties = [
      { name: "a", logicalType: "string", description: "a", classification: "internal" },
      { name: "b", logicalType: "string", description: "b", classification: "public" },
      {
        name: "c",
        logicalType: "string",
        description: "c",
        classification: "public",
        customProperties: [{ property: "pii", value: true }],
      },
    ];
    const { product, warnings } = fromOdcs(contract({}, [table("rates", { properties })]));
    expect(product.classification).toBe("confidential");
    expect(own(warnings)).toEqual([
      "classification: properties say public, internal; the table takes the most sensitive, internal",
      'classification: properties say internal, but it holds personal data; using "confidential"',
    ]);
  });

  it("takes the mesh's own classification property as it is, and names any other custom property dropped", () => {
    const customProperties = [
      { property: "classification", value: "restricted" },
      { property: "costCenter", value: "x" },
    ];
    const { product, warnings } = fromOdcs(contract({ customProperties }));
    expect(product.classification).toBe("restricted");
    expect(warnings).not.toContain('classification: none; using "internal"');
    expect(own(warnings)).toEqual([
      "customProperties[1] (costCenter) ignored: not a property the mesh reads",
    ]);
  });
});

describe("a contract's description", () => {
  it("falls back to the table's, else a TODO, and says which", () => {
    const none = fromOdcs(contract({ description: {} }, [table("rates", { description: undefined })]));
    expect(none.product.description).toBe("TODO: one row per what? (rates)");
    expect(own(none.warnings)).toEqual([
      'description.purpose: none; using "TODO: one row per what? (rates)"',
    ]);
    const several = fromOdcsTables(contract({}, [table("a1", { description: undefined }), table("b1")]));
    expect(several.map((p) => [p.product.description, own(p.warnings)])).toEqual([
      ["Rates.", ['schema[0].description: none; using "Rates."']],
      ["b1.", []],
    ]);
  });
});

describe("a contract of several tables", () => {
  it("is refused as one product, naming the first five tables and how many more", () => {
    const many = (n: number) =>
      contract(
        {},
        Array.from({ length: n }, (_, i) => table(`t${i + 1}`)),
      );
    expect(() => fromOdcs(many(7))).toThrow(
      "schema: 7 schema objects (t1, t2, t3, t4, t5 and 2 more): a data product is one table; split the contract, one per table",
    );
    expect(() => fromOdcs(many(5))).toThrow(
      "schema: 5 schema objects (t1, t2, t3, t4, t5): a data product is one table",
    );
  });

  it("reports every table that cannot import, under one summary when they fail alike", () => {
    expect(() => fromOdcsTables(contract({}, [timeTable("a1"), timeTable("b1")]))).toThrow(
      [
        "the contract uses ODCS features that have no place in the mesh model:",
        `  schema[0].properties[0] (t): ${TIME}`,
        `  schema[1].properties[0] (t): ${TIME}`,
      ].join("\n"),
    );
  });

  it("and each under its own summary when they fail differently", () => {
    expect(() => fromOdcsTables(contract({}, [timeTable("a1"), table("b".repeat(70))]))).toThrow(
      [
        "the contract's tables cannot all be imported:",
        `  schema[0].properties[0] (t): ${TIME} (the contract uses ODCS features that have no place in the mesh model)`,
        "  name: data product name must be at most 63 characters (the contract does not make a valid mesh data product (paths are the declaration's))",
      ].join("\n"),
    );
  });
});

describe("a contract's YAML", () => {
  it("that does not parse is refused with the parser's first line, without its trailing colon", () => {
    expect(() => readOdcsYaml("a: [1,\nb: {")).toThrow(
      "not a YAML document:\n  Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1",
    );
  });
});
