/**
 * Joins a product's access lists, which name domains, with the IAM roles each domain's transforms
 * run as (productAccess.ts registers both): a module of its own, without imports, so the policy
 * pack reads what a stack registers without loading the declaration model.
 */

/**
 * The IAM roles that may read a product's PII-free projection (`readers`: its producer's and
 * consumers' transforms) and its full table and files (`fullReaders`: its producer's and the
 * consumers admitted to its PII), from what a stack registers.
 */
export function accessRoles(
  access: {
    readonly hasPii: boolean;
    readonly consumers: readonly string[];
    readonly pii: readonly string[];
  },
  producer: string,
  transformRoles: Readonly<Record<string, readonly string[]>>,
): { readers: string[]; fullReaders: string[] } {
  const roles = (domains: readonly string[]) =>
    [producer, ...domains].flatMap((d) =>
      Object.hasOwn(transformRoles, d) ? (transformRoles[d] ?? []) : [],
    );
  // Without PII, the full table is what every consumer reads.
  return {
    readers: roles(access.consumers),
    fullReaders: roles(access.hasPii ? access.pii : access.consumers),
  };
}
