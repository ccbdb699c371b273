/** The whole mesh: every domain's validated declaration, and the cross-domain checks. */

import type { Contract } from "../contract/contract.js";
import { EMPTY_LOCK, type Lock, type LockEntry, lockedContract } from "../contract/lock.js";
import { kafkaTopicName, type ProductRef } from "../naming.js";
import { nameCollisionProblems } from "./collisions.js";
import { consentProblem, unknownDomainProblems } from "./consent.js";
import { type DomainDefinition, locate, parseDomain } from "./defineDomain.js";
import { dependencyOrder } from "./dependencies.js";
import { DeclarationError, type DeclarationProblem } from "./errors.js";
import { type NamingContext, nameLimitProblems } from "./limits.js";
import { buildProductModels, type ProductModel } from "./productModel.js";
import { type DataProduct, type DomainDeclaration, majorOf } from "./schema.js";

export interface Mesh {
  readonly domains: readonly DomainDeclaration[];
  /**
   * Superseded product versions (from contracts.lock.json) that keep running because a domain
   * still consumes them: a major bump runs side by side until the last consumer moves.
   */
  readonly retained?: readonly LockEntry[];
  /** Contracts as last published, by `<domain>.<product>.v<major>`. */
  readonly published?: Readonly<Record<string, Contract>>;
  /** Every product version that runs — current and retained — built once (`productModel.ts`). */
  readonly products: readonly ProductModel[];
}

/** The model of a product version that runs in the mesh, current or retained. */
export const productOf = (mesh: Mesh, ref: ProductRef): ProductModel | undefined =>
  mesh.products.find(
    (p) => p.ref.domain === ref.domain && p.ref.product === ref.product && p.ref.major === ref.major,
  );

/** Domains that declared they consume `ref`, sorted by name. */
export function consumersOf(mesh: Mesh, ref: ProductRef): string[] {
  return mesh.domains
    .filter((d) =>
      d.consumes.some((c) => c.domain === ref.domain && c.product === ref.product && c.major === ref.major),
    )
    .map((d) => d.name)
    .sort();
}

/** The declaration of a product version: a current one, or a superseded major still running. */
export function findProduct(mesh: Mesh, ref: ProductRef): DataProduct | undefined {
  const current = mesh.domains
    .find((d) => d.name === ref.domain)
    ?.dataProducts.find((p) => p.name === ref.product && majorOf(p) === ref.major);
  return (
    current ??
    mesh.retained?.find(
      (e) => e.domain === ref.domain && e.product.name === ref.product && majorOf(e.product) === ref.major,
    )?.product
  );
}

/** `<domain>.<product>.v<major>` for every product a domain publishes. */
export function publishedIds(domain: DomainDeclaration): string[] {
  return domain.dataProducts.map((p) =>
    kafkaTopicName({ domain: domain.name, product: p.name, major: majorOf(p) }),
  );
}

/**
 * Validates every domain and then what only the whole mesh can tell: unique domain names; that
 * each consumed product exists, is published at the declared major version and its producer
 * consents to the consumer; that access lists name only domains of the mesh; and that no product
 * reads itself through others (a cycle no order can run). Throws one
 * {@link DeclarationError} with every problem of every domain.
 */
export function validateMesh(
  definitions: readonly DomainDefinition[],
  context: NamingContext = {},
  lock: Lock = EMPTY_LOCK,
): Mesh {
  const problems: DeclarationProblem[] = [];
  // Domains whose own declaration is invalid: consumers of theirs get no second, cascading error.
  const invalid = new Set<string>();
  const parsed: { def: DomainDefinition; domain: DomainDeclaration }[] = [];
  for (const def of definitions) {
    try {
      parsed.push({ def, domain: parseDomain(def) });
    } catch (e) {
      if (!(e instanceof DeclarationError)) throw e;
      problems.push(...e.problems);
      invalid.add(String((def.input as { name?: unknown }).name));
    }
  }
  const byName = new Map<string, { def: DomainDefinition; domain: DomainDeclaration }>();
  for (const entry of parsed) {
    const other = byName.get(entry.domain.name);
    if (other) {
      problems.push({
        source: entry.def.source,
        path: "name",
        message: `domain "${entry.domain.name}" is also declared at ${other.def.source ?? "another file"}`,
      });
    } else byName.set(entry.domain.name, entry);
  }
  for (const { def, domain } of parsed) {
    domain.consumes.forEach((c, i) => {
      const at = (field: string, message: string) =>
        problems.push({ source: def.source, path: `consumes[${i}]${field}`, message });
      const producer = byName.get(c.domain)?.domain;
      if (!producer && invalid.has(c.domain)) return;
      if (!producer) {
        at(".domain", `no domain "${c.domain}" in the mesh (known: ${[...byName.keys()].sort().join(", ")})`);
        return;
      }
      const product = producer.dataProducts.find((p) => p.name === c.product);
      const locked = lock.products[kafkaTopicName(c)]?.product;
      if (!product && !locked) {
        const names = producer.dataProducts.map((p) => p.name).join(", ");
        at(".product", `domain "${c.domain}" publishes no product "${c.product}" (it publishes: ${names})`);
        return;
      }
      if (product && majorOf(product) !== c.major && !locked) {
        at(
          ".major",
          `${c.domain}/${c.product} is published at major version ${majorOf(product)} (${product.version}), not ${c.major}`,
        );
        return;
      }
      // The version consumed: the current declaration, or a superseded major as last published.
      const consumed = product && majorOf(product) === c.major ? product : locked!;
      // A superseded major also needs the current declaration's consent: withdrawing it applies to all.
      const refused =
        consentProblem(domain.name, byName.get(c.domain)!, consumed, c.major) ??
        (product && product !== consumed
          ? consentProblem(domain.name, byName.get(c.domain)!, product, majorOf(product))
          : undefined);
      if (refused) at("", refused);
    });
  }
  const known = new Set([...byName.keys(), ...invalid]);
  for (const { def, domain } of parsed) problems.push(...locate(def, unknownDomainProblems(domain, known)));
  const domains = parsed.map((p) => p.domain);
  const current = new Set(domains.flatMap(publishedIds));
  const consumed = new Set(domains.flatMap((d) => d.consumes.map((c) => kafkaTopicName(c))));
  const retained = Object.entries(lock.products)
    .filter(([id]) => !current.has(id) && consumed.has(id))
    .map(([, entry]) => entry);
  const mesh: Mesh = {
    domains,
    retained,
    published: Object.fromEntries(
      Object.entries(lock.products).map(([id, entry]) => [id, lockedContract(entry)]),
    ),
    products: buildProductModels(domains, retained),
  };
  problems.push(...namingProblems(parsed, [...byName.values()], mesh, context));
  problems.push(...cycleProblems(mesh, byName));
  if (problems.length > 0) throw new DeclarationError(problems);
  return mesh;
}

/**
 * What `context` alone decides (the prefix and the environments of the physical names): names over
 * their limits, and names two declarations claim. `unique`: `parsed` without a second declaration
 * of one domain's name.
 */
function namingProblems(
  parsed: readonly { def: DomainDefinition; domain: DomainDeclaration }[],
  unique: readonly { def: DomainDefinition; domain: DomainDeclaration }[],
  mesh: Mesh,
  context: NamingContext,
): DeclarationProblem[] {
  const problems: DeclarationProblem[] = [];
  for (const { def, domain } of parsed) {
    const majorOfProduct = (name: string) => majorOf(domain.dataProducts.find((p) => p.name === name)!);
    const consumers = (product: string) =>
      consumersOf(mesh, { domain: domain.name, product, major: majorOfProduct(product) });
    problems.push(...locate(def, nameLimitProblems(domain, context, consumers)));
  }
  problems.push(...nameCollisionProblems(unique, mesh, context));
  return problems;
}

/**
 * The problems of `mesh` in the naming context `context`: all it can have, when it was validated (by
 * {@link validateMesh}, from `definitions`) in another. What else makes a mesh invalid does not
 * depend on the names' prefix or environments.
 */
export function namingProblemsOf(
  mesh: Mesh,
  definitions: readonly DomainDefinition[],
  context: NamingContext = {},
): DeclarationProblem[] {
  const defOf = new Map(definitions.map((def) => [(def.input as { name?: unknown }).name, def]));
  const parsed = mesh.domains.map((domain) => ({ def: defOf.get(domain.name)!, domain }));
  return namingProblems(parsed, parsed, mesh, context);
}

/**
 * A cycle of product versions each reading the next (as `mesh run` orders them), located at the
 * `consumes` entry of the first read: `mesh run` could not run them in any order, so the plan
 * refuses the mesh rather than deploying jobs that wait on each other.
 */
function cycleProblems(
  mesh: Mesh,
  byName: ReadonlyMap<string, { def: DomainDefinition; domain: DomainDeclaration }>,
): DeclarationProblem[] {
  const { cycle } = dependencyOrder(mesh.products);
  if (!cycle) return [];
  const reader = mesh.products.find((p) => p.id === cycle[0])!;
  const read = reader.inputs.find((i) => i.id === cycle[1])!;
  const index = reader.domain.consumes.findIndex((c) => kafkaTopicName(c) === read.id);
  const def = byName.get(reader.domain.name)!.def;
  return locate(def, [
    {
      path: `consumes[${index}]`,
      message: `dependency cycle: ${cycle.join(" → ")} (each reads the next in its transform SQL): no product may read itself through others; drop one of these reads`,
    },
  ]);
}
