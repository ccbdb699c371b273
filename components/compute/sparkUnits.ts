/**
 * Kubernetes resource quantities (as declared in `transform.resources`) in the forms Spark takes:
 * whole cores for `cores`, and JVM memory strings (`512m`, `2g`) for `memory`, which Spark reads
 * with binary units and does not accept with Kubernetes suffixes (`Gi`, `Mi`).
 */
import { CPU_QUANTITY_PATTERN, MEMORY_QUANTITY_PATTERN } from "../declaration/units.js";

/** Cores in a CPU quantity: `250m` → 0.25, `2` → 2. */
export function cpuCores(quantity: string): number {
  if (!CPU_QUANTITY_PATTERN.test(quantity)) throw new Error(`"${quantity}" is not a CPU quantity`);
  return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
}

/** Spark `cores` (task slots, an integer of at least 1) for a CPU quantity: rounded up. */
export const sparkCores = (quantity: string): number => Math.max(1, Math.ceil(cpuCores(quantity)));

const BINARY_SUFFIX: Record<string, string> = { Ki: "k", Mi: "m", Gi: "g", Ti: "t" };
const DECIMAL_FACTOR: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
const MIB = 1024 * 1024;

/**
 * A memory quantity as a Spark memory string. Binary quantities map exactly (`2Gi` → `2g`); decimal
 * ones and plain bytes are rounded down to whole MiB (`1G` → `953m`), never below `1m`.
 */
export function sparkMemory(quantity: string): string {
  const m = /^([1-9][0-9]*)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity);
  if (!m || !MEMORY_QUANTITY_PATTERN.test(quantity))
    throw new Error(`"${quantity}" is not a memory quantity`);
  const [, amount, suffix = ""] = m;
  const binary = BINARY_SUFFIX[suffix];
  if (binary) return `${amount}${binary}`;
  return `${Math.max(1, Math.floor((Number(amount) * DECIMAL_FACTOR[suffix]!) / MIB))}m`;
}
