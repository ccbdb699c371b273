/**
 * An ODCS data contract as mesh data product declarations, one per table. The document must be
 * valid ODCS (v3.0.x or v3.1.0, checked against the v3.1.0 schema, which accepts both; v3.2.0 is
 * read as v3.1.0), its tables flat, and it must promise nothing the mesh cannot keep; each result
 * must be a valid product. What ODCS does not say (the transform, its schedule, the freshness) gets
 * a default, and what the mesh does not keep is named: each one a warning.
 */

import type { z } from "zod";
import { problemsFromZod } from "../../declaration/errors.js";
import { humanDuration, longestGapMinutes } from "../../declaration/freshness.js";
import { CLASSIFICATIONS, DataProductSchema, type PRODUCT_STATUSES } from "../../declaration/schema.js";
import { durationMinutes } from "../../declaration/units.js";
import { glueTableName } from "../../naming.js";
import { yaml } from "../../onDemand.js";
import { child, OdcsImportError } from "./errors.js";
import { ignoredFields } from "./ignored.js";
import { readTable } from "./importTable.js";
import { type CustomProperty, MESH_PROPERTY, piiLimitations } from "./meshProperties.js";
import { toDnsLabel } from "./names.js";
import { cronEvery, readSlaProperties, type SlaProperty } from "./sla.js";
import { ODCS_API_VERSION, odcsSchemaProblems } from "./validate.js";

export type DataProductInput = z.input<typeof DataProductSchema>;

export interface ImportedProduct {
  readonly product: DataProductInput;
  /** The contract's domain, as a mesh domain name. */
  readonly domain?: string;
  /** The owning team and its contact, from the contract's team (`role: owner`). */
  readonly owner?: { readonly team: string; readonly email: string };
  /** Every default filled in and every ODCS field dropped, with where and why. */
  readonly warnings: string[];
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
type Classification = (typeof CLASSIFICATIONS)[number];
type Status = (typeof PRODUCT_STATUSES)[number];

/** The placeholder transform: ODCS describes data, not how it is built. */
export const PLACEHOLDER_SQL = "SELECT * EXCLUDE (ingest_date) FROM staging";
const DEFAULT_SCHEDULE = "0 * * * *";

const STATUSES: Record<string, Status> = {
  draft: "draft",
  proposed: "draft",
  development: "draft",
  "in development": "draft",
  active: "active",
  production: "active",
  deprecated: "deprecated",
  retired: "retired",
};

/** Parses YAML 1.2 (dates stay strings); throws {@link OdcsImportError} for text that is not YAML. */
export function readOdcsYaml(text: string): unknown {
  try {
    return yaml().parse(text, { version: "1.2" });
  } catch (e) {
    // yaml's messages end with a code excerpt after the first line: the position says enough.
    const first = (e as Error).message.split("\n")[0]!.replace(/:$/, "");
    throw new OdcsImportError("not a YAML document:", [{ path: "", message: first }]);
  }
}

/** The first few names of a list, so a 68-table contract gives a readable message. */
function names(tables: readonly Obj[], shown = 5): string {
  const listed = tables.slice(0, shown).map((t) => String(t.name));
  return tables.length > shown ? `${listed.join(", ")} and ${tables.length - shown} more` : listed.join(", ");
}

/** The contract's schema objects; none is a problem: there would be nothing to import. */
function tablesOf(doc: Obj): Obj[] {
  const tables = (doc.schema as Obj[] | undefined) ?? [];
  if (tables.length === 0) {
    throw new OdcsImportError(UNSUPPORTED, [
      { path: "schema", message: "no schema object: a data product is one table with at least one field" },
    ]);
  }
  return tables;
}

/**
 * Servers say where the source system keeps the data; the mesh provisions its own. They are set
 * aside before validation (see {@link validated}), so they may be of any shape: each is named by
 * its type and name when it has them, else by its position.
 */
function serversWarning(doc: Obj): string[] {
  const servers = doc.servers;
  if (servers === undefined || servers === null) return [];
  const list = Array.isArray(servers) ? servers : [servers];
  if (list.length === 0) return [];
  const listed = list
    .map((s, i) => {
      const words = isObject(s) ? [s.type, s.server].filter((w) => typeof w === "string") : [];
      return words.length > 0 ? words.join(" ") : child("servers", i);
    })
    .join(", ");
  return [
    `servers (${listed}) ignored, their content not checked: the mesh provisions and names its own topic and warehouse table`,
  ];
}

const UNSUPPORTED = "the contract uses ODCS features that have no place in the mesh model:";

/**
 * ODCS minor versions only add: a v3.2 contract that uses nothing new is a valid v3.1 contract, and
 * what it uses of v3.2 is refused by the v3.1 schema, by name. Export stays v3.1.0.
 */
const NEWER_MINOR = "v3.2.0";

/**
 * The document checked against the ODCS schema, all but its servers: the mesh ignores them (with a
 * warning), so a server type or property the schema does not know, or a malformed location, must
 * not refuse an otherwise valid contract. Everything else is validated strictly.
 */
function validated(doc: unknown): Obj {
  let checked = doc;
  if (isObject(doc)) {
    const { servers: _setAside, ...rest } = doc;
    checked = doc.apiVersion === NEWER_MINOR ? { ...rest, apiVersion: ODCS_API_VERSION } : rest;
  }
  const invalid = odcsSchemaProblems(checked);
  if (invalid.length > 0)
    throw new OdcsImportError(`not a valid ODCS ${ODCS_API_VERSION} data contract:`, invalid);
  return doc as Obj;
}

/**
 * The product of a contract with one schema object, as a product's own contract is (the ODPS import
 * reads it so); several are refused, naming them.
 */
export function fromOdcs(doc: unknown): ImportedProduct {
  const contract = validated(doc);
  const tables = tablesOf(contract);
  if (tables.length > 1) {
    throw new OdcsImportError(UNSUPPORTED, [
      {
        path: "schema",
        message: `${tables.length} schema objects (${names(tables)}): a data product is one table; split the contract, one per table`,
      },
    ]);
  }
  return productOf(contract, 0, false);
}

/**
 * One product per schema object: a contract describing several tables (a dbt project, a database
 * schema) becomes several products, each named after its table. Every table must import: the
 * problems of all of them are reported together.
 */
export function fromOdcsTables(doc: unknown): ImportedProduct[] {
  const contract = validated(doc);
  const tables = tablesOf(contract);
  if (tables.length === 1) return [productOf(contract, 0, false)];
  const products: ImportedProduct[] = [];
  const failures: OdcsImportError[] = [];
  tables.forEach((_, i) => {
    try {
      products.push(productOf(contract, i, true));
    } catch (e) {
      if (!(e instanceof OdcsImportError)) throw e;
      failures.push(e);
    }
  });
  if (failures.length === 0) {
    // Products of one domain need distinct names; `Orders` and `orders` would not be.
    const clashes = products.flatMap((p, i) => {
      const earlier = products.findIndex((q) => q.product.name === p.product.name);
      return earlier < i
        ? [
            {
              path: `${child("schema", i)} (${tables[i]!.name})`,
              message: `is product ${p.product.name} once converted, like schema[${earlier}]`,
            },
          ]
        : [];
    });
    if (clashes.length > 0)
      throw new OdcsImportError("the contract's tables would make products of the same name:", clashes);
    return products;
  }
  const [first] = failures;
  if (failures.every((f) => f.summary === first!.summary))
    throw new OdcsImportError(
      first!.summary,
      failures.flatMap((f) => f.problems),
    );
  throw new OdcsImportError(
    "the contract's tables cannot all be imported:",
    failures.flatMap((f) =>
      f.problems.map((p) => ({ ...p, message: `${p.message} (${f.summary.replace(/:$/, "")})` })),
    ),
  );
}

function customValue(doc: Obj, property: string): unknown {
  return ((doc.customProperties as CustomProperty[] | undefined) ?? []).find((c) => c.property === property)
    ?.value;
}

/** Converts a name to a DNS label, warning when that changed it. */
function label(raw: string, what: string, at: string, warnings: string[]): string {
  const converted = toDnsLabel(raw);
  if (converted !== raw)
    warnings.push(`${at}: ${what} "${raw}" → "${converted}" (mesh names are DNS labels)`);
  return converted;
}

function ownerOf(doc: Obj, warnings: string[]): ImportedProduct["owner"] {
  const team = doc.team as Obj | Obj[] | undefined;
  if (team === undefined) return undefined;
  const members = ((Array.isArray(team) ? team : team.members) as Obj[] | undefined) ?? [];
  const owner = members.find((m) => String(m.role).toLowerCase() === "owner" && !m.dateOut) ?? members[0];
  const email = owner?.username as string | undefined;
  const name = Array.isArray(team) ? undefined : (team.name as string | undefined);
  if (!name || !email?.includes("@")) {
    warnings.push("team: no team name and owner email; add the owner to the domain by hand");
    return undefined;
  }
  if (members.length > 1)
    warnings.push("team: only the owner is kept: the mesh's owner is one team and email");
  return { team: label(name, "team name", "team.name", warnings), email };
}

/** The product of schema object `index`; `several` when the contract has other tables too. */
function productOf(contract: Obj, index: number, several: boolean): ImportedProduct {
  const warnings: string[] = [];
  if (contract.apiVersion === NEWER_MINOR)
    warnings.push(
      `apiVersion: ${NEWER_MINOR} read as ${ODCS_API_VERSION} (it uses nothing ODCS added in v3.2)`,
    );
  const base = child("schema", index);
  const table = (contract.schema as Obj[])[index]!;
  const [rawName, namePath] = several
    ? [table.name as string, child(base, "name")]
    : contract.name
      ? [contract.name as string, "name"]
      : contract.dataProduct
        ? [contract.dataProduct as string, "dataProduct"]
        : [table.name as string, child(base, "name")];
  const name = label(rawName, "name", namePath, warnings);
  const version = String(contract.version);
  const major = Number(version.split(".")[0]);
  const read = readTable(table, base, glueTableName({ product: name, major }));
  const problems = [...read.problems];
  const sla = readSlaProperties((contract.slaProperties as SlaProperty[] | undefined) ?? []);
  problems.push(...sla.problems);
  if (problems.length > 0) throw new OdcsImportError(UNSUPPORTED, problems);
  warnings.push(...read.warnings, ...sla.warnings);

  const rawStatus = String(contract.status);
  const status = STATUSES[rawStatus.toLowerCase()] ?? "draft";
  if (status !== rawStatus) warnings.push(`status: "${rawStatus}" → "${status}"`);

  const description = (contract.description ?? {}) as Obj;
  // Several tables share the contract's purpose; each product is described by its own table.
  let purpose = (several ? table.description : description.purpose) as string | undefined;
  if (!purpose) {
    const fallback = several ? description.purpose : table.description;
    purpose = (fallback as string | undefined) ?? `TODO: one row per what? (${rawName})`;
    warnings.push(
      `${several ? child(base, "description") : "description.purpose"}: none; using "${purpose}"`,
    );
  }

  const piiFields = Object.entries(read.fields)
    .filter(([, f]) => f.pii)
    .map(([n]) => n);
  const piiAccess = customValue(contract, MESH_PROPERTY.piiAccess);
  const admitted = Array.isArray(piiAccess) ? piiAccess.map(String) : [];
  const listed = customValue(contract, MESH_PROPERTY.consumers);
  const consumers = Array.isArray(listed) ? listed.map(String) : undefined;
  // The exporter derives limitations from PII access; anything else is terms consumers must know.
  const limitations = description.limitations as string | undefined;
  const derived = limitations !== undefined && limitations === piiLimitations(piiFields, admitted);
  const terms = [description.usage, derived ? undefined : limitations].filter(Boolean).join("\n\n");
  if (limitations !== undefined && !derived) warnings.push("description.limitations: appended to terms");

  const classification = classificationOf(
    contract,
    read.classifications,
    piiFields.length > 0 || read.piiTable,
    warnings,
  );

  const schedule = sla.schedule ?? defaultSchedule(sla.freshness);
  if (!sla.schedule) warnings.push(`transform.schedule: no frequency SLA; using "${schedule}"`);
  const gap = longestGapMinutes(schedule) ?? 60;
  const freshness = sla.freshness ?? humanDuration(2 * gap);
  if (!sla.freshness) warnings.push(`slos.freshness: no latency SLA; using "${freshness}" (two runs)`);
  warnings.push(`transform.sql: placeholder "${PLACEHOLDER_SQL}"; write the product's transform`);
  warnings.push("ingestion: defaults (6 partitions, 7 days retention); ODCS does not describe ingestion");

  const product: DataProductInput = {
    name,
    version,
    description: purpose,
    classification,
    status,
    schema: read.fields,
    transform: { sql: PLACEHOLDER_SQL, schedule },
    slos: { freshness, ...(sla.availability !== undefined ? { availability: sla.availability } : {}) },
    ...(Object.keys(read.quality).length > 0 ? { quality: read.quality } : {}),
    ...(terms ? { terms } : {}),
    ...(admitted.length > 0 || consumers
      ? { access: { pii: admitted, ...(consumers ? { consumers } : {}) } }
      : {}),
  };
  const parsed = DataProductSchema.safeParse(product);
  if (!parsed.success) {
    throw new OdcsImportError(
      "the contract does not make a valid mesh data product (paths are the declaration's):",
      problemsFromZod(parsed.error),
    );
  }

  const domain =
    typeof contract.domain === "string" ? label(contract.domain, "domain", "domain", warnings) : undefined;
  const owner = ownerOf(contract, warnings);
  const meshCustom = Object.values(MESH_PROPERTY) as string[];
  ((contract.customProperties as CustomProperty[] | undefined) ?? []).forEach((c, i) => {
    if (!meshCustom.includes(c.property)) {
      warnings.push(`${child("customProperties", i)} (${c.property}) ignored: not a property the mesh reads`);
    }
  });
  warnings.push(
    ...serversWarning(contract),
    ...ignoredFields(
      contract,
      [
        "apiVersion",
        "kind",
        "id",
        "version",
        "status",
        "name",
        "dataProduct",
        "domain",
        "description",
        "schema",
      ].concat(["slaProperties", "team", "customProperties", "servers"]),
      "",
    ),
    ...ignoredFields(description, ["purpose", "usage", "limitations"], "description"),
  );
  return { product, ...(domain ? { domain } : {}), ...(owner ? { owner } : {}), warnings };
}

/** The contract's mesh classification, else the most sensitive of its properties', else a default. */
function classificationOf(
  contract: Obj,
  fromProperties: readonly Classification[],
  hasPii: boolean,
  warnings: string[],
): Classification {
  const declared = customValue(contract, MESH_PROPERTY.classification);
  const known = CLASSIFICATIONS.find((c) => c === declared);
  if (known) return known;
  const strictest = fromProperties.at(-1);
  if (strictest) {
    if (fromProperties.length > 1) {
      warnings.push(
        `classification: properties say ${fromProperties.join(", ")}; the table takes the most sensitive, ${strictest}`,
      );
    }
    // Governance requires confidential or restricted for personal data.
    if (hasPii && CLASSIFICATIONS.indexOf(strictest) < CLASSIFICATIONS.indexOf("confidential")) {
      warnings.push(
        `classification: properties say ${strictest}, but it holds personal data; using "confidential"`,
      );
      return "confidential";
    }
    return strictest;
  }
  const fallback = hasPii ? "confidential" : "internal";
  warnings.push(`classification: none; using "${fallback}"`);
  return fallback;
}

/** Hourly, or more often when the freshness SLA needs it. */
function defaultSchedule(freshness: string | undefined): string {
  const limit = freshness ? durationMinutes(freshness) : undefined;
  if (limit === undefined || limit >= 60) return DEFAULT_SCHEDULE;
  const every = [30, 20, 15, 12, 10, 6, 5, 4, 3, 2, 1].find((m) => m <= limit) ?? 1;
  return cronEvery(every)!;
}
