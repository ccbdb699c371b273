/**
 * Joins a product's access lists, which name domains, with the IAM roles each domain's transforms
 * run as (productAccess.ts registers both): a module of its own, without imports, so the policy
 * pack reads what a stack registers without loading the declaration model.
 */

/** A product's access lists as a stack registers them. */
export interface AccessLists {
  readonly hasPii: boolean;
  readonly consumers: readonly string[];
  readonly pii: readonly string[];
}

/**
 * The domains whose transforms may read a product's PII-free projection (`readers`: its producer
 * and consumers) and its full table and files (`fullReaders`: its producer and the consumers
 * admitted to its PII).
 */
export function accessDomains(
  access: AccessLists,
  producer: string,
): { readers: string[]; fullReaders: string[] } {
  // Without PII, the full table is what every consumer reads.
  return {
    readers: [producer, ...access.consumers],
    fullReaders: [producer, ...(access.hasPii ? access.pii : access.consumers)],
  };
}

/** The IAM roles of {@link accessDomains}: each domain's transform roles. */
export function accessRoles(
  access: AccessLists,
  producer: string,
  transformRoles: Readonly<Record<string, readonly string[]>>,
): { readers: string[]; fullReaders: string[] } {
  const roles = (domains: readonly string[]) =>
    domains.flatMap((d) => (Object.hasOwn(transformRoles, d) ? (transformRoles[d] ?? []) : []));
  const { readers, fullReaders } = accessDomains(access, producer);
  return { readers: roles(readers), fullReaders: roles(fullReaders) };
}
