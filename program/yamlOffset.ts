/**
 * Where a node of a parsed YAML document starts, for messages that name a line: platform.yaml,
 * stack files and product files use it. A module of its own, without the files' schemas (zod), so
 * that reading a stack file — the first thing `mesh plan` does, before it starts its workers —
 * loads no schema library.
 */
import { isMap, isSeq, type Node } from "yaml";

/** Where the deepest existing node along `path` starts (the key, for a mapping entry). */
export function offsetOf(node: unknown, path: readonly (string | number)[]): number {
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  let current = node;
  for (const segment of path) {
    if (isMap(current)) {
      const pair = current.items.find((p) => (p.key as { value?: unknown } | null)?.value === segment);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      current = pair.value;
    } else if (isSeq(current) && typeof segment === "number" && current.items[segment]) {
      current = current.items[segment];
      offset = (current as Node).range?.[0] ?? offset;
    } else break;
  }
  return offset;
}
