/**
 * An ODCS data contract as a mesh data product declaration. The document must be valid ODCS
 * (v3.0.x or v3.1.0, checked against the v3.1.0 schema, which accepts both), describe one flat
 * table, and promise nothing the mesh cannot keep; the result must be a valid product. What ODCS
 * does not say (the transform, its schedule, the freshness) gets a default, each one a warning.
 */
import { parse } from "yaml";
import type { z } from "zod";
import { problemsFromZod } from "../../declaration/errors.js";
import { longestGapMinutes } from "../../declaration/freshness.js";
import { CLASSIFICATIONS, DataProductSchema, type PRODUCT_STATUSES } from "../../declaration/schema.js";
import { durationMinutes } from "../../declaration/units.js";
import { glueTableName } from "../../naming.js";
import { child, OdcsImportError, type OdcsProblem } from "./errors.js";
import { ignoredFields } from "./ignored.js";
import { readTable } from "./importTable.js";
import { type CustomProperty, MESH_PROPERTY, piiLimitations } from "./meshProperties.js";
import { toDnsLabel } from "./names.js";
import { cronEvery, durationText, readSlaProperties, type SlaProperty } from "./sla.js";
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
type Classification = (typeof CLASSIFICATIONS)[number];
type Status = (typeof PRODUCT_STATUSES)[number];

/** The placeholder transform: ODCS describes data, not how it is built. */
export const PLACEHOLDER_SQL = "SELECT * EXCLUDE (ingest_date) FROM staging";
const DEFAULT_SCHEDULE = "0 * * * *";

/** Servers the mesh itself runs: their details are dropped, the mesh provisions its own. */
const MESH_SERVER_TYPES = ["kafka", "s3", "glue", "athena"];

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
    return parse(text, { version: "1.2" });
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

/** Contract-level features that make the rest moot: servers elsewhere, zero or several tables. */
function structureProblems(doc: Obj): OdcsProblem[] {
  const problems: OdcsProblem[] = [];
  ((doc.servers as Obj[] | undefined) ?? []).forEach((server, i) => {
    if (!MESH_SERVER_TYPES.includes(String(server.type))) {
      problems.push({
        path: `${child("servers", i)} (${server.server})`,
        message: `${server.type} servers have no place in the mesh model: products live in the mesh's Kafka and S3 warehouse`,
      });
    }
  });
  const tables = (doc.schema as Obj[] | undefined) ?? [];
  if (tables.length === 0) {
    problems.push({
      path: "schema",
      message: "no schema object: a data product is one table with at least one field",
    });
  } else if (tables.length > 1) {
    problems.push({
      path: "schema",
      message: `${tables.length} schema objects (${names(tables)}): a data product is one table; split the contract, one per table`,
    });
  }
  return problems;
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

export function fromOdcs(doc: unknown): ImportedProduct {
  const invalid = odcsSchemaProblems(doc);
  if (invalid.length > 0)
    throw new OdcsImportError(`not a valid ODCS ${ODCS_API_VERSION} data contract:`, invalid);
  const contract = doc as Obj;
  const unsupported = "the contract uses ODCS features that have no place in the mesh model:";
  const structural = structureProblems(contract);
  if (structural.some((p) => p.path === "schema")) throw new OdcsImportError(unsupported, structural);

  const warnings: string[] = [];
  const table = (contract.schema as Obj[])[0]!;
  const rawName = (contract.name ?? contract.dataProduct ?? table.name) as string;
  const name = label(
    rawName,
    "name",
    contract.name ? "name" : contract.dataProduct ? "dataProduct" : "schema[0].name",
    warnings,
  );
  const version = String(contract.version);
  const major = Number(version.split(".")[0]);
  const read = readTable(table, "schema[0]", glueTableName({ product: name, major }));
  const problems = [...structural, ...read.problems];
  const sla = readSlaProperties((contract.slaProperties as SlaProperty[] | undefined) ?? []);
  problems.push(...sla.problems);
  if (problems.length > 0) throw new OdcsImportError(unsupported, problems);
  warnings.push(...read.warnings, ...sla.warnings);

  const rawStatus = String(contract.status);
  const status = STATUSES[rawStatus.toLowerCase()] ?? "draft";
  if (status !== rawStatus) warnings.push(`status: "${rawStatus}" → "${status}"`);

  const description = (contract.description ?? {}) as Obj;
  let purpose = description.purpose as string | undefined;
  if (!purpose) {
    purpose = (table.description as string | undefined) ?? `TODO: one row per what? (${rawName})`;
    warnings.push(`description.purpose: none; using "${purpose}"`);
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

  const classification = classificationOf(contract, read.classifications, piiFields.length > 0, warnings);

  const schedule = sla.schedule ?? defaultSchedule(sla.freshness);
  if (!sla.schedule) warnings.push(`transform.schedule: no frequency SLA; using "${schedule}"`);
  const gap = longestGapMinutes(schedule) ?? 60;
  const freshness = sla.freshness ?? durationText(2 * gap);
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
    ...(read.rowCount ? { quality: { rowCount: read.rowCount } } : {}),
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
      ].concat(["slaProperties", "team", "customProperties"]),
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
    return strictest;
  }
  // Governance requires confidential or restricted for personal data.
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
