/**
 * `contracts.lock.json`: the last published declaration of every product version. `mesh contract
 * publish` writes it; plans diff against it (breaking changes need a major bump) and keep running
 * a superseded major from it while any domain still consumes that version.
 */

import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { formatPath } from "../declaration/errors.js";
import { ColumnLineageSchema, lockedLineage, type ProductLineage } from "../declaration/lineage.js";
import {
  type DataProduct,
  DataProductSchema,
  type DomainDeclaration,
  OwnerSchema,
} from "../declaration/schema.js";
import { InputError } from "../inputError.js";
import { kafkaTopicName } from "../naming.js";
import { type Contract, contractOf, productRef } from "./contract.js";

export const LOCK_FILE = "contracts.lock.json";

const LockEntrySchema = z
  .object({
    domain: z.string(),
    owner: OwnerSchema,
    /** The product as declared when published; SQL inlined so the version can keep running. */
    product: DataProductSchema,
    /**
     * Where each output column of its transform came from when published (`columnLineage.ts`).
     * Absent from entries published before lineage was recorded.
     */
    lineage: z.array(ColumnLineageSchema).optional(),
  })
  .strict();

export const LockSchema = z
  .object({
    lockfileVersion: z.literal(1),
    products: z.record(z.string(), LockEntrySchema),
  })
  .strict();

export type Lock = z.output<typeof LockSchema>;
export type LockEntry = Lock["products"][string];

export const EMPTY_LOCK: Lock = { lockfileVersion: 1, products: {} };

/** A lock file that cannot be read; the message names the file and the path inside it. */
export class LockFileError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "LockFileError";
  }
}

export function parseLock(text: string, source: string): Lock {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LockFileError(`${source}: not JSON: ${(e as Error).message}`);
  }
  const parsed = LockSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LockFileError(`${source}: ${formatPath(issue.path) || "(root)"}: ${issue.message}`);
  }
  for (const [id, entry] of Object.entries(parsed.data.products)) {
    const expected = kafkaTopicName(productRef({ name: entry.domain }, entry.product));
    if (id !== expected) throw new LockFileError(`${source}: products["${id}"]: holds ${expected}`);
  }
  return parsed.data;
}

/** The lock at `path`, or an empty one when the file does not exist (nothing published yet). */
export function readLock(path: string): Lock {
  return existsSync(path) ? parseLock(readFileSync(path, "utf8"), path) : EMPTY_LOCK;
}

/** The contract a lock entry published. */
export const lockedContract = (entry: LockEntry): Contract =>
  contractOf({ name: entry.domain, owner: entry.owner } as DomainDeclaration, entry.product);

/**
 * A lock entry for a product as declared now, with its transform's column lineage when derived:
 * `sqlFile` is inlined so the entry stands alone.
 */
export function lockEntryOf(
  domain: DomainDeclaration,
  product: DataProduct,
  lineage?: ProductLineage,
): LockEntry {
  const { sqlFile: _file, ...transform } = product.transform;
  return {
    domain: domain.name,
    owner: domain.owner,
    product: { ...product, transform },
    ...(lineage ? { lineage: lockedLineage(lineage) } : {}),
  };
}

/** Stable, reviewable text: products sorted by id. */
export function serializeLock(lock: Lock): string {
  const products = Object.fromEntries(Object.entries(lock.products).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ lockfileVersion: 1, products }, null, 2)}\n`;
}
