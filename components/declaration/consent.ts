/**
 * The producer's consent, checked across the mesh: a `consumes` entry is a request, granted only
 * when the producer's `access.consumers` (or, unset, its classification) admits the consumer; and
 * access lists name only domains that exist, so no domain created later inherits what they grant.
 */
import type { DomainDefinition } from "./defineDomain.js";
import type { DeclarationProblem } from "./errors.js";
import { type DataProduct, type DomainDeclaration, mayConsume, OPEN_CLASSIFICATIONS } from "./schema.js";

/** The file of a definition, without its line: where the producer must make the change. */
export const fileOf = (def: Pick<DomainDefinition, "source">, domain: string): string =>
  def.source?.replace(/:\d+$/, "") ?? `the declaration of domain "${domain}"`;

/** Who the producer serves, in words: its list, or what its classification opens the product to. */
export function describeConsumers(product: Pick<DataProduct, "classification" | "access">): string {
  const listed = product.access.consumers;
  if (listed !== undefined) return listed.length > 0 ? `it lists ${listed.join(", ")}` : "it lists none";
  return OPEN_CLASSIFICATIONS.includes(product.classification)
    ? "unset: every domain"
    : "unset: no domain until the producer lists it";
}

/**
 * The problem with `consumer` reading `product` (declared at `dataProducts[index]` of `producer`),
 * or undefined when the producer consents.
 */
export function consentProblem(
  consumer: string,
  producer: { def: Pick<DomainDefinition, "source">; domain: DomainDeclaration },
  product: DataProduct,
  major: number,
): string | undefined {
  if (mayConsume(product, consumer)) return undefined;
  const index = producer.domain.dataProducts.indexOf(product);
  const at = index >= 0 ? `dataProducts[${index}].access.consumers` : "the product's access.consumers";
  return (
    `${producer.domain.name}/${product.name} v${major} is ${product.classification}: its producer must add ` +
    `"${consumer}" to ${at} in ${fileOf(producer.def, producer.domain.name)} ` +
    `(access.consumers ${describeConsumers(product)})`
  );
}

/** Access lists (`access.pii`, `access.consumers`) that name a domain the mesh does not have. */
export function unknownDomainProblems(
  domain: DomainDeclaration,
  known: ReadonlySet<string>,
): DeclarationProblem[] {
  const names = [...known].sort().join(", ");
  return domain.dataProducts.flatMap((product, i) =>
    (["pii", "consumers"] as const).flatMap((list) =>
      (product.access[list] ?? []).flatMap((name, j) =>
        known.has(name)
          ? []
          : [
              {
                path: `dataProducts[${i}].access.${list}[${j}]`,
                message: `no domain "${name}" in the mesh (known: ${names}); access is granted only to existing domains`,
              },
            ],
      ),
    ),
  );
}
