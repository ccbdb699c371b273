/**
 * What resource-level rules remember between resources of one run.
 *
 * CrossGuard hands a resource rule one resource at a time, in registration order (a component
 * before its children), within one pack process per `pulumi preview`/`up`. A rule that must judge
 * a resource against one registered before it (a Domain's declaration, a namespace's default-deny
 * policy) keeps it here; the offline engine forgets everything at the start of each evaluation.
 */
const memories = new Set<Map<unknown, unknown>>();

/** A map that lives for one run. */
export function runMemory<K, V>(): Map<K, V> {
  const memory = new Map<K, V>();
  memories.add(memory as Map<unknown, unknown>);
  return memory;
}

/** Starts a new run: every rule's memory is cleared. */
export function forgetRun(): void {
  for (const memory of memories) memory.clear();
}

/**
 * `urn:pulumi:<stack>::<project>`: what a URN's resource shares with the rest of its stack (the
 * URN up to its second `::`, or all of it). Sliced rather than split: rules ask it of every
 * resource they remember.
 */
export function stackOf(urn: string): string {
  const first = urn.indexOf("::");
  const second = first < 0 ? -1 : urn.indexOf("::", first + 2);
  return second < 0 ? urn : urn.slice(0, second);
}
