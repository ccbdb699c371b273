/**
 * No two resources of the mesh share a physical name. The naming functions are built to be
 * injective (components/naming.ts), and this check is what holds them to it: a bucket, role or
 * connector name shared by two product versions would give one the other's data, and grants attach
 * to roles by name. A pure function over the validated mesh.
 */
import { LOCK_FILE } from "../contract/lock.js";
import {
  domainPhysicalNames,
  ENVIRONMENTS,
  kafkaTopicName,
  type PhysicalName,
  type ProductRef,
  productPhysicalNames,
} from "../naming.js";
import type { DomainDefinition } from "./defineDomain.js";
import type { DeclarationProblem } from "./errors.js";
import { DEFAULT_NAME_PREFIX, type NamingContext } from "./limits.js";
// A cycle (mesh.ts calls this module), harmless: consumersOf is only called, never read at load.
import { consumersOf, type Mesh } from "./mesh.js";
import { type DomainDeclaration, majorOf } from "./schema.js";

/** Where a name comes from: the declaration (file and path) and what it names. */
interface Site {
  readonly source?: string;
  readonly path: string;
  readonly what: string;
}

/** One declared thing and every physical name it implies in one environment. */
interface Claim {
  readonly site: Site;
  readonly names: (env: string) => PhysicalName[];
}

/**
 * A problem for every pair of declarations claiming one physical name, in any environment, naming both.
 * Names are compared per environment: environments live in separate accounts and clusters.
 */
export function nameCollisionProblems(
  parsed: readonly { readonly def: DomainDefinition; readonly domain: DomainDeclaration }[],
  mesh: Mesh,
  context: NamingContext = {},
): DeclarationProblem[] {
  const prefix = context.namePrefix ?? DEFAULT_NAME_PREFIX;
  const claims: Claim[] = [];
  for (const { def, domain } of parsed) {
    claims.push({
      site: { source: def.source, path: "name", what: `domain ${domain.name}` },
      names: (env) => domainPhysicalNames(prefix, env, domain.name),
    });
    domain.dataProducts.forEach((p, i) => {
      const ref = { domain: domain.name, product: p.name, major: majorOf(p) };
      claims.push(productClaim({ source: def.source, path: `dataProducts[${i}].name` }, ref));
    });
  }
  // Superseded majors still running, from the lock file.
  for (const entry of mesh.retained ?? []) {
    const ref = { domain: entry.domain, product: entry.product.name, major: majorOf(entry.product) };
    claims.push(productClaim({ source: LOCK_FILE, path: `products["${kafkaTopicName(ref)}"]` }, ref));
  }

  function productClaim(at: Omit<Site, "what">, ref: ProductRef): Claim {
    const what = `${ref.domain}/${ref.product} v${ref.major}`;
    return {
      site: { ...at, what },
      // Consumers' group names count too.
      names: (env) => productPhysicalNames(prefix, env, ref, consumersOf(mesh, ref)),
    };
  }

  // One problem per pair of declarations, listing what they share (one name per kind).
  const pairs = new Map<string, { first: Site; second: Site; env: string; shared: Map<string, string> }>();
  for (const env of context.environments ?? ENVIRONMENTS) {
    const owners = new Map<string, Site>();
    for (const { site, names } of claims) {
      for (const { kind, scope, name } of names(env)) {
        const key = JSON.stringify([kind, scope, name]);
        const first = owners.get(key);
        if (!first) owners.set(key, site);
        // A claim may list one name twice (a consumer group per consumer): only others collide.
        if (!first || first === site) continue;
        const pairKey = JSON.stringify([where(first), where(site)]);
        const pair = pairs.get(pairKey) ?? { first, second: site, env, shared: new Map<string, string>() };
        pairs.set(pairKey, pair);
        if (pair.env === env && !pair.shared.has(kind))
          pair.shared.set(kind, `${kind} "${name}"${scope ? ` in ${scope}` : ""}`);
      }
    }
  }
  return [...pairs.values()].map(({ first, second, env, shared }) => ({
    source: second.source,
    path: second.path,
    message: `${second.what} would share physical names with ${first.what}, declared at ${where(first)}: ${[...shared.values()].join(", ")} (in ${env}); rename one of them`,
  }));
}

const where = (site: Site) => `${site.source ? `${site.source}: ` : ""}${site.path}`;
