/**
 * The domain declaration: one zod schema that is the single source of truth for what a domain team
 * may write. The TypeScript types (`DomainInput`, `DomainDeclaration`), the JSON Schema
 * (`schema/domain.schema.json`) and every validation message derive from it.
 */
import { z } from "zod";
import { cronProblem } from "./cron.js";
import { FieldSchema, fieldName, text } from "./fieldSchema.js";
import { freshnessProblem } from "./freshness.js";
import { primaryKeyProblems } from "./primaryKey.js";
import { QualitySchema, qualityFieldProblems } from "./qualitySchema.js";
import { CPU_QUANTITY_PATTERN, DURATION_PATTERN, MEMORY_QUANTITY_PATTERN } from "./units.js";

export { FieldSchema } from "./fieldSchema.js";
export { QualitySchema } from "./qualitySchema.js";

/** Data classification, least to most sensitive. */
export const CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export const Classification = {
  Public: "public",
  Internal: "internal",
  Confidential: "confidential",
  Restricted: "restricted",
} as const satisfies Record<string, Classification>;

/** Lowercase DNS label: usable as a Kubernetes name, an S3 name part and a Kafka topic part. */
const dnsLabel = (what: string, max: number) =>
  z
    .string()
    .min(2, { error: `${what} must be at least 2 characters` })
    .max(max, { error: `${what} must be at most ${max} characters` })
    .regex(/^[a-z]([a-z0-9-]*[a-z0-9])?$/, {
      error: `${what} must be lowercase letters, digits and hyphens, start with a letter and not end with a hyphen`,
    })
    .refine((s) => !s.includes("--"), { error: `${what} must not contain "--"` });

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** What to do with a raw record's fields the raw schema does not declare. */
export const UNKNOWN_FIELD_POLICIES = ["reject", "drop"] as const;

/** Longest raw record (one NDJSON line) a product may declare: the reader's own line limit. */
export const MAX_RECORD_BYTES_LIMIT = 10_000_000;

export const IngestionSchema = z
  .object({
    partitions: z.int().min(1).max(1000).default(6).meta({ description: "Kafka partitions of the topic." }),
    retentionDays: z
      .int()
      .min(1)
      .max(3650)
      .default(7)
      .meta({ description: "How long raw events stay on the topic and in the staging bucket." }),
    schema: z
      .record(fieldName, FieldSchema)
      .refine((fields) => Object.keys(fields).length > 0, { error: "schema must declare at least one field" })
      .optional()
      .meta({
        description:
          "The schema of the raw records (the topic's message schema), when they differ from the product's: the transform derives the product from them. Default: the product's schema.",
      }),
    unknownFields: z
      .enum(UNKNOWN_FIELD_POLICIES, { error: `expected one of ${UNKNOWN_FIELD_POLICIES.join(", ")}` })
      .default("reject")
      .meta({
        description:
          "A raw record with fields its schema does not declare: reject it to the quarantine (default), or drop those fields and stage the rest.",
      }),
    maxRecordBytes: z
      .int()
      .min(1)
      .max(MAX_RECORD_BYTES_LIMIT)
      .default(1_000_000)
      .meta({ description: "Longest raw record accepted, in bytes; a longer one goes to the quarantine." }),
  })
  .strict();

export const INGESTION_DEFAULTS = {
  partitions: 6,
  retentionDays: 7,
  unknownFields: "reject",
  maxRecordBytes: 1_000_000,
} as const;

/** Engines that run a product's SQL: the same SQL, the same bucket and table, either way. */
export const TRANSFORM_ENGINES = ["duckdb", "spark"] as const;

export const TransformSchema = z
  .object({
    sql: text("sql").optional().meta({ description: "The transform's SQL, inline." }),
    sqlFile: text("sqlFile")
      .optional()
      .meta({ description: "Path of a .sql file, relative to the domain's folder." }),
    schedule: z
      .string()
      .superRefine((expr, ctx) => {
        const problem = cronProblem(expr);
        if (problem) ctx.addIssue({ code: "custom", message: `invalid cron schedule "${expr}": ${problem}` });
      })
      .meta({ description: "Cron schedule (5 fields or @hourly/@daily…), in UTC." }),
    engine: z
      .enum(TRANSFORM_ENGINES, { error: `expected one of ${TRANSFORM_ENGINES.join(", ")}` })
      .default("duckdb")
      .meta({
        description:
          "duckdb: one pod (default). spark: a SparkApplication for products that outgrow one node.",
      }),
    incremental: z.boolean().default(false).meta({
      description:
        "The SQL may be re-applied to its own output: each run reads the current table plus the batches staged since, not the whole history (e.g. latest row per key). Needs ingestion whose raw schema is the product's.",
    }),
    executors: z
      .int()
      .min(1)
      .max(100)
      .default(2)
      .meta({ description: "Spark executors (engine spark only)." }),
    resources: z
      .object({
        cpu: z
          .string()
          .regex(CPU_QUANTITY_PATTERN, { error: 'cpu must be a Kubernetes quantity such as "500m" or "1"' })
          .default("250m"),
        memory: z
          .string()
          .regex(MEMORY_QUANTITY_PATTERN, {
            error: 'memory must be a Kubernetes quantity such as "512Mi" or "2Gi"',
          })
          .default("512Mi"),
      })
      .strict()
      .default({ cpu: "250m", memory: "512Mi" }),
  })
  .strict()
  .superRefine((t, ctx) => {
    if ((t.sql === undefined) === (t.sqlFile === undefined)) {
      ctx.addIssue({ code: "custom", message: "exactly one of `sql` or `sqlFile` must be provided" });
    }
  });

export const SloSchema = z
  .object({
    freshness: z.string().regex(DURATION_PATTERN, {
      error: 'freshness must be a duration such as "15m", "1h" or "1d"',
    }),
    availability: z.number().gt(0).max(100).optional().meta({ description: "Percent, e.g. 99.5." }),
  })
  .strict();

/** Lifecycle of a product version: consumers are warned off `deprecated`, `retired` gets no new consumers. */
export const PRODUCT_STATUSES = ["draft", "active", "deprecated", "retired"] as const;

/** Classifications every domain of the mesh may consume unless the producer lists its consumers. */
export const OPEN_CLASSIFICATIONS: readonly Classification[] = ["public", "internal"];

const domainList = (what: string) =>
  z.array(dnsLabel("domain name", 30)).superRefine((names, ctx) => {
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) ctx.addIssue({ code: "custom", message: `${what} lists "${dup}" twice` });
  });

export const AccessSchema = z
  .object({
    pii: domainList("access.pii").default([]).meta({
      description:
        "Consuming domains admitted to the PII fields; others get the table without them. Each must also be an allowed consumer.",
    }),
    consumers: domainList("access.consumers").optional().meta({
      description:
        "Domains the producer consents to serve. Unset: every domain of the mesh for public and internal products, none for confidential and restricted ones.",
    }),
  })
  .strict();

export const DataProductSchema = z
  .object({
    name: dnsLabel("data product name", 63),
    version: z.string().regex(SEMVER, { error: 'version must be semantic, such as "1.4.0"' }),
    description: text("description").meta({
      description: 'One sentence that states the grain: "One row per…".',
    }),
    classification: z.enum(CLASSIFICATIONS, {
      error: `expected one of ${CLASSIFICATIONS.join(", ")}`,
    }),
    schema: z.record(fieldName, FieldSchema).refine((fields) => Object.keys(fields).length > 0, {
      error: "schema must declare at least one field",
    }),
    ingestion: z
      .union([z.literal(false), IngestionSchema])
      .default(INGESTION_DEFAULTS)
      .meta({
        description:
          "The product's raw records: its ingestion topic and staging. `false` for a product derived only from other products (no topic, sink or staging bucket; its SQL reads no `staging`).",
      }),
    status: z
      .enum(PRODUCT_STATUSES, { error: `expected one of ${PRODUCT_STATUSES.join(", ")}` })
      .default("active"),
    terms: text("terms").optional().meta({ description: "Terms of use consumers agree to." }),
    transform: TransformSchema,
    slos: SloSchema,
    quality: QualitySchema.default({}),
    access: AccessSchema.default({ pii: [] }),
  })
  .strict()
  .superRefine((product, ctx) => {
    if (product.transform.incremental && (product.ingestion === false || product.ingestion.schema)) {
      ctx.addIssue({
        code: "custom",
        path: ["transform", "incremental"],
        message:
          product.ingestion === false
            ? "an incremental transform folds new raw records into its table: it needs ingestion"
            : "an incremental transform reads its own output as staging: its raw records must have the product's schema (remove ingestion.schema)",
      });
    }
    if (product.ingestion === false && product.transform.engine === "spark") {
      ctx.addIssue({
        code: "custom",
        path: ["transform", "engine"],
        message:
          "a Spark transform stages raw records before it runs: a product without ingestion runs on duckdb",
      });
    }
    if (product.transform.engine === "spark") {
      // The Spark driver runs the output contract's checks, and Java's regular expressions
      // backtrack: a hostile value could stall it. Raw records (`ingestion.schema`) are checked by
      // the DuckDB extract stage (`mesh stage`) even for Spark, so their patterns are fine.
      for (const [name, field] of Object.entries(product.schema)) {
        if (field.pattern === undefined) continue;
        ctx.addIssue({
          code: "custom",
          path: ["schema", name, "pattern"],
          message:
            "pattern is checked by the duckdb runner only: Spark's regular expressions backtrack; remove it or run on duckdb",
        });
      }
    }
    const problem = freshnessProblem(product.transform.schedule, product.slos.freshness);
    if (problem) ctx.addIssue({ code: "custom", path: ["transform", "schedule"], message: problem });
    for (const p of qualityFieldProblems(product.quality, product.schema, product.transform.engine))
      ctx.addIssue({ code: "custom", ...p });
    for (const p of primaryKeyProblems(product.schema, ["schema"], product.transform.engine))
      ctx.addIssue({ code: "custom", ...p });
    if (product.ingestion && product.ingestion.schema !== undefined) {
      for (const p of primaryKeyProblems(product.ingestion.schema, ["ingestion", "schema"]))
        ctx.addIssue({ code: "custom", ...p });
    }
    product.access.pii.forEach((domain, i) => {
      if (!mayConsume(product, domain)) {
        ctx.addIssue({
          code: "custom",
          path: ["access", "pii", i],
          message: `"${domain}" is admitted to the PII but may not consume the product: add it to access.consumers`,
        });
      }
    });
  });

export const ConsumesSchema = z
  .object({
    domain: dnsLabel("domain name", 30),
    product: dnsLabel("data product name", 63),
    major: z.int().min(0, { error: "major must be 0 or more" }),
    purpose: text("purpose").optional(),
  })
  .strict();

export const OwnerSchema = z
  .object({
    team: dnsLabel("team name", 63),
    email: z.email({ error: "email must be an email address" }),
  })
  .strict();

export const DomainSchema = z
  .object({
    name: dnsLabel("domain name", 30),
    owner: OwnerSchema,
    description: text("description"),
    dataProducts: z
      .array(DataProductSchema)
      .min(1, { error: "a domain publishes at least one data product" }),
    consumes: z.array(ConsumesSchema).default([]),
  })
  .strict()
  .superRefine((domain, ctx) => {
    const seen = new Map<string, number>();
    domain.dataProducts.forEach((p, i) => {
      const first = seen.get(p.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["dataProducts", i, "name"],
          message: `duplicate data product name "${p.name}" (also dataProducts[${first}])`,
        });
      } else seen.set(p.name, i);
    });
    const consumed = new Map<string, number>();
    domain.consumes.forEach((c, i) => {
      if (c.domain === domain.name) {
        ctx.addIssue({
          code: "custom",
          path: ["consumes", i, "domain"],
          message: `a domain cannot consume its own product "${c.product}"; read it directly`,
        });
      }
      const key = `${c.domain}.${c.product}.v${c.major}`;
      const first = consumed.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["consumes", i],
          message: `duplicate consumption of ${key} (also consumes[${first}])`,
        });
      } else consumed.set(key, i);
    });
  });

/** What a domain team writes (defaults may be omitted). */
export type DomainInput = z.input<typeof DomainSchema>;
/** A validated declaration, defaults filled in. */
export type DomainDeclaration = z.output<typeof DomainSchema>;
export type DataProduct = DomainDeclaration["dataProducts"][number];
export type Field = DataProduct["schema"][string];
export type Consumption = DomainDeclaration["consumes"][number];

/** The major version of a product's semver. */
export const majorOf = (product: Pick<DataProduct, "version">) => Number(product.version.split(".")[0]);

/**
 * Whether the producer consents to serve `consumer`: listed in `access.consumers` or, when the
 * producer lists nobody, the product is public or internal. The owner grants; the consumer asks.
 */
export const mayConsume = (
  product: Pick<DataProduct, "classification" | "access">,
  consumer: string,
): boolean =>
  product.access.consumers === undefined
    ? OPEN_CLASSIFICATIONS.includes(product.classification)
    : product.access.consumers.includes(consumer);
