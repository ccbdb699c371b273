/** Checks that every physical name a declaration implies fits the limit of the system it lands in. */
import { domainPhysicalNames, ENVIRONMENTS, type PhysicalName, productPhysicalNames } from "../naming.js";
import type { DeclarationProblem } from "./errors.js";
import { type DomainDeclaration, majorOf } from "./schema.js";

export interface NamingContext {
  /** Prefix of bucket and role names, e.g. the organisation. @default "mesh" */
  readonly namePrefix?: string;
  /** Environments to check; names are checked for each. @default every environment */
  readonly environments?: readonly string[];
}

export const DEFAULT_NAME_PREFIX = "mesh";

/**
 * Problems for every name over its limit, reported on the product's `name` so the team knows what
 * to shorten. `consumersOf` lists the domains consuming each product (their group names count too).
 */
export function nameLimitProblems(
  domain: DomainDeclaration,
  context: NamingContext = {},
  consumersOf: (product: string) => readonly string[] = () => [],
): DeclarationProblem[] {
  const prefix = context.namePrefix ?? DEFAULT_NAME_PREFIX;
  const environments = context.environments ?? ENVIRONMENTS;
  const problems: DeclarationProblem[] = [];
  domain.dataProducts.forEach((product, i) => {
    const ref = { domain: domain.name, product: product.name, major: majorOf(product) };
    const reported = new Set<string>();
    for (const env of environments) {
      const names: PhysicalName[] = [
        ...domainPhysicalNames(prefix, env, domain.name),
        ...productPhysicalNames(prefix, env, ref, consumersOf(product.name)),
      ];
      for (const { kind, limit, name } of names) {
        if (name.length <= limit || reported.has(kind)) continue;
        reported.add(kind);
        problems.push({
          path: `dataProducts[${i}].name`,
          message: `${kind} name "${name}" is ${name.length} characters, over the limit of ${limit}; shorten the domain or product name`,
        });
      }
    }
  });
  return problems;
}
