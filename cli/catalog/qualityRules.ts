/** The checks the pipeline runs on every load of a product, as the catalog states them. */
import { primaryKeyOf } from "../../components/declaration/primaryKey.js";
import type { DataProduct, Field } from "../../components/declaration/schema.js";
import { boundText, thresholdText } from "../../runner/qualityChecks.js";

/** A field's `min`/`max`, readably. */
export function range(field: Field): string | undefined {
  if (field.min !== undefined && field.max !== undefined) return `${field.min} – ${field.max}`;
  if (field.min !== undefined) return `≥ ${field.min}`;
  if (field.max !== undefined) return `≤ ${field.max}`;
  return undefined;
}

const list = (values: readonly (string | number)[]) => values.map((v) => String(v)).join(", ");

const rowsText = (n: number) => `${n} row${n === 1 ? "" : "s"}`;

/** The checks the pipeline runs on every load, as sentences. */
export function qualityRules(product: DataProduct): string[] {
  const fields = Object.entries(product.schema).map(([name, f]) => ({ ...f, name, range: range(f) }));
  const rules: string[] = [];
  const required = fields.filter((f) => f.required).map((f) => f.name);
  if (required.length > 0) rules.push(`Never null: ${required.join(", ")}.`);
  const unique = fields.filter((f) => f.unique).map((f) => f.name);
  if (unique.length > 0) rules.push(`Unique: ${unique.join(", ")}.`);
  const key = primaryKeyOf(product.schema);
  if (key.length > 1) rules.push(`Unique together (the primary key): ${key.join(", ")}.`);
  for (const f of fields) {
    if (f.accepted) rules.push(`${f.name} is one of: ${list(f.accepted)}.`);
    if (f.range !== undefined) rules.push(`${f.name} is ${f.range}.`);
  }
  const rows = product.quality.rowCount;
  if (rows?.min !== undefined && rows.max !== undefined)
    rules.push(`Row count between ${rows.min} and ${rows.max}.`);
  else if (rows?.min !== undefined) rules.push(`At least ${rowsText(rows.min)}.`);
  else if (rows?.max !== undefined) rules.push(`At most ${rowsText(rows.max)}.`);
  for (const [name, f] of Object.entries(product.schema)) {
    if (f.minLength !== undefined && f.maxLength !== undefined)
      rules.push(`${name} has ${f.minLength} to ${f.maxLength} characters.`);
    else if (f.minLength !== undefined) rules.push(`${name} has at least ${f.minLength} characters.`);
    else if (f.maxLength !== undefined) rules.push(`${name} has at most ${f.maxLength} characters.`);
    if (f.pattern !== undefined) rules.push(`${name} matches the pattern ${f.pattern}.`);
  }
  for (const m of product.quality.metrics ?? []) {
    const warning = m.severity === "warning" ? " (a warning: the table still loads)" : "";
    rules.push(`${m.metric}${m.field ? ` of ${m.field}` : ""} ${thresholdText(m)}${warning}.`);
  }
  for (const c of product.quality.sql ?? []) {
    const warning = c.severity === "warning" ? " (a warning: the table still loads)" : "";
    const about = c.description ? ` — ${c.description.replace(/\.$/, "")}` : "";
    rules.push(
      `${c.name}${about}: the query ${c.query.replace(/\s+/g, " ")} returns a number that is ${boundText(c)}${warning}.`,
    );
  }
  const volume = product.quality.volumeChange;
  if (volume)
    rules.push(
      `Row count within ${volume.maxPercent} % of the median of the last ${volume.lastRuns} successful runs.`,
    );
  const fresh = product.quality.freshness;
  if (fresh) rules.push(`At load, the newest ${fresh.field} is at most ${product.slos.freshness} old.`);
  return rules;
}
