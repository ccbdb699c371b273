import {
  glueTableName,
  historyTableName,
  parseGlueDatabaseName,
  parseTopicName,
  parseWarehouseKey,
  redactedTableName,
} from "../../../components/naming.js";

/** What a grant reaches of one domain's data: a product version, or (fields unset) everything wider. */
export interface ProductScope {
  readonly domain: string;
  readonly product?: string;
  readonly major?: number;
}

const SEGMENT = "[a-z][a-z0-9-]*";

/** `<domain>.<product>.v<major>`: the id used in a Domain's `consumes` and `products`. */
export const productId = (s: ProductScope) =>
  s.product !== undefined && s.major !== undefined ? `${s.domain}.${s.product}.v${s.major}` : undefined;

export function describeScope(s: ProductScope): string {
  return (
    productId(s) ?? (s.product ? `every version of ${s.domain}.${s.product}` : `every product of ${s.domain}`)
  );
}

/** A topic name, or a topic pattern (`sales.*`, `sales.orders.*`, `sales.orders.v*`). */
export function scopeOfTopic(name: string): ProductScope | undefined {
  const exact = parseTopicName(name);
  if (exact) return { domain: exact.domain, product: exact.product, major: exact.major };
  const m = new RegExp(`^(${SEGMENT})\\.(?:\\*|(${SEGMENT})\\.(?:v?\\*))$`).exec(name);
  return m ? { domain: m[1]!, product: m[2] } : undefined;
}

/** A Kafka ACL prefix on a namespace: `sales.` or `sales.orders.`. */
export function scopeOfTopicPrefix(prefix: string): ProductScope | undefined {
  const m = new RegExp(`^(${SEGMENT})\\.(?:(${SEGMENT})\\.)?$`).exec(prefix);
  return m ? { domain: m[1]!, product: m[2] } : undefined;
}

/** A warehouse key, or key pattern (`sales/*`, `sales/orders/*`). Staging keys (`v1/…`) are not domains. */
export function scopeOfWarehouseKey(key: string): ProductScope | undefined {
  const exact = parseWarehouseKey(key);
  if (exact) return exact;
  const m = new RegExp(`^(${SEGMENT})/(?:\\*|(${SEGMENT})/(?:v?\\*))`).exec(key);
  return m && !/^v[0-9]+$/.test(m[1]!) ? { domain: m[1]!, product: m[2] } : undefined;
}

/**
 * A Glue table `<product_>_v<major>` (or its PII-free projection `…_redacted`, or its run history
 * `…_runs`) in a
 * `<domain_>_<env>` database; `*` means every table.
 */
export function scopeOfGlueTable(database: string, table: string): ProductScope | undefined {
  const db = parseGlueDatabaseName(database);
  if (!db) return undefined;
  if (table === "*") return { domain: db.domain };
  // Major versions start at 0 (schema.ts), as in topic names and warehouse keys.
  const m = /^([a-z][a-z0-9_]*)_v(0|[1-9][0-9]*)(_redacted|_runs)?$/.exec(table);
  if (!m) return undefined;
  const product = m[1]!.replace(/_/g, "-");
  const major = Number(m[2]);
  // Round-trip through the naming functions so only names they could have produced are recognised.
  const named = { _redacted: redactedTableName, _runs: historyTableName }[m[3] ?? ""] ?? glueTableName;
  const name = named({ product, major });
  return name === table ? { domain: db.domain, product, major } : undefined;
}

/** The product an ARN reaches: warehouse objects in S3, Glue tables, or MSK (IAM-auth) topics. */
export function scopeOfArn(arn: string): ProductScope | undefined {
  const s3 = /^arn:aws[a-z-]*:s3:::[^/]+\/(.+)$/.exec(arn);
  if (s3) return scopeOfWarehouseKey(s3[1]!);
  const glue = /^arn:aws[a-z-]*:glue:[^:]*:[^:]*:table\/([^/]+)\/(.+)$/.exec(arn);
  if (glue) return scopeOfGlueTable(glue[1]!, glue[2]!);
  const kafka = /^arn:aws[a-z-]*:kafka:[^:]*:[^:]*:topic\/[^/]+\/[^/]+\/(.+)$/.exec(arn);
  if (kafka) return scopeOfTopic(kafka[1]!);
  return undefined;
}
