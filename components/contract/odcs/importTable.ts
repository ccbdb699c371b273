/**
 * Reads an ODCS schema object (the contract's one table) into mesh fields. A property becomes a
 * field only when everything it promises has a mesh equivalent; otherwise the import fails naming
 * the property and the feature, because silently dropping a promise would mislead consumers.
 */
import type { z } from "zod";
import { patternProblem } from "../../declaration/fieldPattern.js";
import { CLASSIFICATIONS, type FieldSchema } from "../../declaration/schema.js";
import { type FieldType, glueType } from "../../declaration/types.js";
import { child, type OdcsProblem } from "./errors.js";
import { ignoredFields } from "./ignored.js";
import { toSnakeCase } from "./names.js";
import { isNestedProperty, type NestedContext, readNestedType } from "./nestedType.js";
import { type QualityRule, readFieldQuality, readTableQuality, type TableQualityReading } from "./quality.js";
import { type Declared, meshTypeOf } from "./types.js";

export type FieldInput = z.input<typeof FieldSchema>;
type Obj = Record<string, unknown>;

export interface TableReading {
  readonly fields: Record<string, FieldInput>;
  /** The table's quality checks (`quality` of the declaration), the properties' metric checks included. */
  readonly quality: TableQualityReading;
  /** Mesh classifications found on properties, most sensitive last. */
  readonly classifications: readonly (typeof CLASSIFICATIONS)[number][];
  /** The table as a whole is marked as personal data (a tag or custom property). */
  readonly piiTable: boolean;
  readonly problems: OdcsProblem[];
  readonly warnings: string[];
}

const TABLE_TYPES = ["table", "view"];
const NUMERIC: readonly string[] = ["int", "bigint", "double"];
const isNumeric = (t: FieldType) => NUMERIC.includes(t) || t.startsWith("decimal(");

interface Bounds {
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/** `logicalTypeOptions` as mesh bounds; every option that would be lost is a problem or warning. */
function readOptions(options: Obj, type: FieldType, at: string, problems: OdcsProblem[], warnings: string[]) {
  const bounds: Bounds = {};
  const numeric = isNumeric(type);
  const integral = type === "int" || type === "bigint";
  const fail = (key: string, message: string) => problems.push({ path: child(at, key), message });
  for (const [key, value] of Object.entries(options)) {
    const n = typeof value === "number" ? value : undefined;
    switch (key) {
      case "format":
        if (!numeric)
          warnings.push(`${child(at, key)} ${value} ignored: the mesh does not check text formats`);
        break;
      case "minimum":
      case "maximum":
        if (!numeric || n === undefined)
          fail(key, `bounds on ${type} values have no place in the mesh model (min/max apply to numbers)`);
        // With an exclusive bound on the same side, the tighter of the two holds, in any order.
        else if (key === "minimum") bounds.min = Math.max(bounds.min ?? -Infinity, n);
        else bounds.max = Math.min(bounds.max ?? Infinity, n);
        break;
      case "exclusiveMinimum":
      case "exclusiveMaximum":
        if (!integral || n === undefined || !Number.isInteger(n)) {
          fail(
            key,
            `exclusive bounds on ${type} values have no place in the mesh model: its min/max are inclusive`,
          );
        } else if (key === "exclusiveMinimum") bounds.min = Math.max(bounds.min ?? -Infinity, n + 1);
        else bounds.max = Math.min(bounds.max ?? Infinity, n - 1);
        break;
      case "timezone":
        if (value === true)
          warnings.push(`${child(at, key)} ignored: mesh timestamps are UTC, without a time zone`);
        break;
      case "defaultTimezone":
        if (!/^(Etc\/)?UTC$/.test(String(value))) {
          warnings.push(`${child(at, key)} ${value} ignored: mesh timestamps are UTC`);
        }
        break;
      case "minLength":
      case "maxLength":
        if (type !== "string")
          fail(key, `length constraints on ${type} values have no place in the mesh model (strings only)`);
        else if (n === undefined || !Number.isInteger(n) || n < 0)
          fail(key, `${value} is not a length: a whole number of characters, 0 or more`);
        else bounds[key] = n;
        break;
      case "pattern": {
        const problem = typeof value === "string" ? patternProblem(value) : "pattern must be text";
        if (type !== "string")
          fail(key, `patterns on ${type} values have no place in the mesh model (strings only)`);
        else if (problem) fail(key, problem);
        else bounds.pattern = value as string;
        break;
      }
      case "multipleOf":
        fail(key, "multipleOf constraints have no place in the mesh model");
        break;
      default:
        // The schema allows other options only on arrays and objects (minItems, maxProperties…).
        warnings.push(
          `${child(at, key)} ignored: the mesh checks no sizes or required members of lists and structs`,
        );
        break;
    }
  }
  return bounds;
}

/**
 * Whether a property is marked as personal data, in any of the forms contract tools write: a custom
 * property (`pii: true`, `"True"`, `containsPii: yes`…), a tag (`pii`, `PII`, `pii:true`, also in a
 * `tags` custom property, as dbt writes them), or a classification (`pii`, `sensitive`, `personal`).
 * Custom properties and tags that say nothing of personal data are dropped with a warning.
 */
function readPii(prop: Obj, at: string, warnings: string[]): boolean {
  const custom = (prop.customProperties as Obj[] | undefined) ?? [];
  let pii = isPiiClassification(prop.classification);
  custom.forEach((c, i) => {
    const mark = customPiiMark(c);
    if (mark === "ignored") {
      if (!DECIMAL_PROPERTIES.includes(String(c.property)))
        warnings.push(
          `${child(child(at, "customProperties"), i)} (${c.property}) ignored: not a property the mesh reads`,
        );
    } else pii ||= mark;
  });
  const tags = ((prop.tags as unknown[] | undefined) ?? []).map(String);
  const otherTags = tags.filter((t) => !isPiiTag(t));
  if (otherTags.length > 0)
    warnings.push(`${child(at, "tags")} ${otherTags.join(", ")} ignored: the mesh has no tags`);
  return pii || tags.some(isPiiTag);
}

const PII_TAG =
  /^((contains|table|is)[_-]?)?(pii|personally[_ -]identifiable([_ -]information)?)([:=]true)?$|^personal([_ -]?data)?$|^gdpr([_ -]personal([_ -]data)?)?$/i;
const PII_CLASSIFICATION =
  /^(pii|sensitive|personal|personal[_ -]?data|personally[_ -]identifiable([_ -]information)?)$/i;
const PII_FLAG =
  /^((is|contains|has)[_-]?)?(pii|personal[_ -]?data|personally[_ -]?identifiable([_ -]?information)?)$/i;
const TRUTHY = (v: unknown) => v === true || v === 1 || /^(true|yes|y|1)$/i.test(String(v));
const isPiiTag = (t: string) => PII_TAG.test(t.trim());
const isPiiClassification = (v: unknown) => typeof v === "string" && PII_CLASSIFICATION.test(v.trim());
const valuesOf = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === "string" ? v.split(",") : []).map((s) => String(s).trim());

/** A custom property's personal-data mark: true or false when it is one, "ignored" otherwise. */
function customPiiMark(c: Obj): boolean | "ignored" {
  const property = String(c.property);
  if (PII_FLAG.test(property)) return TRUTHY(c.value);
  if (/^tags?$/i.test(property) && valuesOf(c.value).some(isPiiTag)) return true;
  if (/^(data[_-]?)?classification$/i.test(property) && isPiiClassification(c.value)) return true;
  return "ignored";
}

/** Custom properties some tools use for the precision and scale of a decimal: read with the type. */
const DECIMAL_PROPERTIES = ["precision", "scale"];

/**
 * `precision`/`scale` custom properties (BigQuery and XSD importers write them). A precision or scale
 * that is not a whole number is refused: a scale read as 0 would drop the digits the contract keeps.
 */
function declaredPrecision(prop: Obj): Declared | undefined {
  const custom = (prop.customProperties as Obj[] | undefined) ?? [];
  const value = (name: string) => custom.find((c) => c.property === name)?.value;
  const precision = value("precision");
  const scale = value("scale");
  if (precision === undefined) return undefined;
  const whole = (v: unknown) => /^\d+$/.test(String(v));
  if (!whole(precision) || (scale !== undefined && !whole(scale)))
    return { problem: `precision ${precision} and scale ${scale ?? 0} must be whole numbers` };
  return { precision: Number(precision), scale: scale === undefined ? 0 : Number(scale) };
}

const HANDLED_PROPERTY = [
  "id",
  "name",
  "logicalType",
  "logicalTypeOptions",
  "physicalType",
  "description",
  "required",
  "unique",
  "primaryKey",
  "primaryKeyPosition",
  "classification",
  "customProperties",
  "tags",
  "quality",
];

export function readTable(table: Obj, base: string, physicalName: string): TableReading {
  const problems: OdcsProblem[] = [];
  const warnings: string[] = [];
  const at = `${base} (${table.name})`;
  const physicalType = table.physicalType as string | undefined;
  if (physicalType !== undefined && !TABLE_TYPES.includes(physicalType.toLowerCase())) {
    // Like a server of another type: where the source keeps its data, not a promise about the data.
    warnings.push(
      `${at}: physicalType ${physicalType} set aside: the mesh stores every product as an Iceberg table`,
    );
  }
  const props = (table.properties as Obj[] | undefined) ?? [];
  if (props.length === 0) {
    problems.push({ path: at, message: "no properties: a data product declares at least one field" });
  }
  // Several key properties are one key together: the mesh keeps it in field order.
  const keyProps = props.filter((p) => p.primaryKey === true);
  const composite = keyProps.length > 1;
  const position = (p: Obj) => (typeof p.primaryKeyPosition === "number" ? p.primaryKeyPosition : Infinity);
  const byPosition = [...keyProps].sort((a, b) => position(a) - position(b)).map((p) => String(p.name));
  if (composite && byPosition.some((name, i) => name !== String(keyProps[i]!.name))) {
    warnings.push(
      `${at}: primary key (${byPosition.join(", ")}) kept in field order (${keyProps.map((p) => p.name).join(", ")}): the mesh numbers a key's fields in field order`,
    );
  }
  warnings.push(
    ...ignoredFields(
      table,
      // Its tags and custom properties are read for personal-data marks (below), which warns of
      // each one it drops: a warning that the whole list was ignored would hide the mark it read.
      [
        "id",
        "name",
        "physicalType",
        "logicalType",
        "description",
        "properties",
        "quality",
        "tags",
        "customProperties",
      ].concat(table.physicalName === physicalName ? ["physicalName"] : []),
      base,
    ),
  );

  const fields: Record<string, FieldInput> = {};
  const metrics: NonNullable<TableQualityReading["metrics"]> = [];
  const sql: NonNullable<TableQualityReading["sql"]> = [];
  // What other tools' SQL rules call the table: `{object}` in the mesh.
  const tables = [table.name, table.physicalName].filter((n): n is string => typeof n === "string");
  const classifications = new Set<(typeof CLASSIFICATIONS)[number]>();
  /** A property's classification: a mesh level raises the product's; PII marks are read by readPii. */
  const classify = (classification: string | undefined, at: string) => {
    if (classification === undefined || isPiiClassification(classification)) return;
    const level = CLASSIFICATIONS.find((c) => c === classification.toLowerCase());
    if (level) classifications.add(level);
    else {
      warnings.push(
        `${at}: classification ${classification} ignored: not one of ${CLASSIFICATIONS.join(", ")}`,
      );
    }
  };
  const nestedContext: NestedContext = {
    warnings,
    pii: (p, at) => readPii(p, at, warnings),
    classification: (p, at) => classify(p.classification as string | undefined, at),
    precision: declaredPrecision,
  };
  props.forEach((prop, i) => {
    const original = String(prop.name);
    const pAt = `${child(child(base, "properties"), i)} (${original})`;
    const pBase = child(child(base, "properties"), i);
    const options = (prop.logicalTypeOptions as Obj | undefined) ?? {};
    const nested = isNestedProperty(prop) ? readNestedType(prop, pBase, nestedContext, pAt) : undefined;
    const reading =
      nested ??
      meshTypeOf(
        prop.logicalType as string | undefined,
        options.format as string | undefined,
        prop.physicalType as string | undefined,
        declaredPrecision(prop),
      );
    if ("problem" in reading) {
      // A nested part's problem is at its own path, named by the top-level property it is in.
      const path = nested && "path" in reading && reading.path !== pBase ? `${reading.path} in ${pAt}` : pAt;
      problems.push({ path, message: reading.problem });
      return;
    }
    const type = reading.type;
    if ("warning" in reading && reading.warning) warnings.push(`${pAt}: ${reading.warning}`);
    const name = toSnakeCase(original);
    if (name !== original) warnings.push(`${pAt}: renamed to ${name} (mesh field names are snake_case)`);
    if (fields[name] !== undefined) {
      problems.push({ path: pAt, message: `is ${name} once snake_cased, like an earlier property` });
      return;
    }
    // A json value's physicalType (json, a map, a range…) is named by the warning that read it.
    if (
      prop.physicalType !== undefined &&
      type !== "json" &&
      String(prop.physicalType).toLowerCase() !== glueType(type) &&
      !("warning" in reading && reading.warning)
    ) {
      warnings.push(
        `${pAt}: physicalType ${prop.physicalType} → ${glueType(type)} (the mesh's storage type)`,
      );
    }
    const bounds = readOptions(options, type, child(pBase, "logicalTypeOptions"), problems, warnings);
    const quality = readFieldQuality((prop.quality as QualityRule[] | undefined) ?? [], pBase, name, tables);
    metrics.push(...(quality.read.metrics ?? []));
    sql.push(...(quality.read.sql ?? []));
    problems.push(...quality.problems);
    warnings.push(...quality.warnings);
    const q = quality.read;
    const min = [bounds.min, q.min].filter((v) => v !== undefined);
    const max = [bounds.max, q.max].filter((v) => v !== undefined);
    classify(prop.classification as string | undefined, pAt);
    let description = prop.description as string | undefined;
    if (!description?.trim()) {
      description = (prop.businessName as string | undefined) ?? `TODO: describe ${name}.`;
      warnings.push(`${pAt}: no description; using "${description}"`);
    }
    const handled = [
      ...HANDLED_PROPERTY,
      ...(prop.businessName === description ? ["businessName"] : []),
      ...(nested ? ["properties", "items"] : []),
    ];
    if (prop.physicalName === original) handled.push("physicalName");
    warnings.push(...ignoredFields(prop, handled, pBase));
    const primaryKey = prop.primaryKey === true;
    const pii = readPii(prop, pBase, warnings) || (nested !== undefined && "pii" in nested && nested.pii);
    fields[name] = {
      type,
      ...(prop.required === true || primaryKey || q.required ? { required: true } : {}),
      ...(prop.unique === true || (primaryKey && !composite) || q.unique ? { unique: true } : {}),
      ...(pii ? { pii: true } : {}),
      ...(q.accepted ? { accepted: q.accepted } : {}),
      ...(min.length > 0 ? { min: Math.max(...(min as number[])) } : {}),
      ...(max.length > 0 ? { max: Math.min(...(max as number[])) } : {}),
      ...(bounds.minLength !== undefined ? { minLength: bounds.minLength } : {}),
      ...(bounds.maxLength !== undefined ? { maxLength: bounds.maxLength } : {}),
      ...(bounds.pattern !== undefined ? { pattern: bounds.pattern } : {}),
      ...(primaryKey ? { primaryKey: true } : {}),
      description,
    };
  });

  // A whole table marked as personal data (a tag or custom property): the mesh marks fields instead.
  const piiTable = readPii(table, base, warnings);
  if (piiTable) {
    warnings.push(
      `${at}: marked as personal data as a whole; the mesh marks fields: set pii: true on the personal ones (the product is at least confidential)`,
    );
  }
  const tableQuality = readTableQuality((table.quality as QualityRule[] | undefined) ?? [], base, tables);
  problems.push(...tableQuality.problems);
  warnings.push(...tableQuality.warnings);
  const order = (c: (typeof CLASSIFICATIONS)[number]) => CLASSIFICATIONS.indexOf(c);
  const tableMetrics = [...metrics, ...(tableQuality.read.metrics ?? [])];
  const sqlChecks = [...sql, ...(tableQuality.read.sql ?? [])];
  return {
    fields,
    quality: {
      ...tableQuality.read,
      ...(tableMetrics.length > 0 ? { metrics: tableMetrics } : {}),
      ...(sqlChecks.length > 0 ? { sql: sqlChecks } : {}),
    },
    classifications: [...classifications].sort((a, b) => order(a) - order(b)),
    piiTable,
    problems,
    warnings,
  };
}
