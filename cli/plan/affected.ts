/**
 * `mesh plan --affected`: the stacks whose plan may differ from their plan at a base revision, each
 * with why. Paths outside the mesh are classified by what reads them (platform code: every stack;
 * docs and tests: none; anything unknown: every stack). Changes to domains/ and contracts.lock.json
 * are judged on the mesh model itself, loaded at the base and now the way the plan loads it: a
 * stack is selected when a part of the model its plan reads differs, not because a file matched.
 */
import { rmSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { LOCK_FILE } from "../../components/contract/lock.js";
import type { DomainDefinition } from "../../components/declaration/defineDomain.js";
import { consumersOf, type Mesh, productOf } from "../../components/declaration/mesh.js";
import type { Environment, ProductRef } from "../../components/naming.js";
import { meshTransformRoles, stackAccess } from "../../components/productAccess.js";
import { domainFiles } from "../../program/domainFiles.js";
import { meshOf } from "../../program/loadMesh.js";
import { PLATFORM_FILE, type PlatformFile, platformSettingsFor } from "../../program/platformFile.js";
import { readDomains } from "../../program/readDomains.js";
import { isInputError } from "../errors.js";
import { changedPaths, checkoutAt } from "./changes.js";
import type { StackFile } from "./stackFile.js";

export interface AffectedStack {
  readonly stack: string;
  readonly reasons: readonly string[];
}

/**
 * The mesh of `domainsDir` (and the lock beside it), read and validated as `mesh plan` reads it;
 * `reading`: the read of its domain files, when the caller started it already.
 */
export async function meshAt(
  domainsDir: string,
  reading?: { readonly files: readonly string[]; readonly definitions: Promise<DomainDefinition[]> },
): Promise<Mesh> {
  const files = reading?.files ?? domainFiles(domainsDir);
  const definitions = await (reading?.definitions ?? readDomains(files));
  return meshOf(definitions, {}, domainsDir);
}

/**
 * Platform code and settings: every stack's plan runs or reads them. Paths are `/`-separated and
 * relative to the project folder; a folder ends in `/`.
 */
const EVERY_STACK = [
  "components/",
  "policies/",
  "program/",
  "cli/",
  "runner/",
  "sdk/",
  "schema/",
  "spark/",
  "bin/",
  "package.json",
  "package-lock.json",
  "Pulumi.yaml",
  PLATFORM_FILE,
];
/** What no plan reads. Anything neither here nor above is unclassified, and selects every stack. */
const NO_STACK = [
  "docs/",
  "test/",
  ".github/",
  "bench/",
  "README.md",
  "CHANGELOG.md",
  "LICENSE",
  "biome.json",
];

const under = (path: string, prefixes: readonly string[]) =>
  prefixes.some((p) => (p.endsWith("/") ? path.startsWith(p) : path === p));

type PathClass =
  | { kind: "none" }
  | { kind: "every"; reason: string }
  | { kind: "domain"; domain: string }
  | { kind: "stack"; name: string }
  | { kind: "mesh" };

/** What a changed path can affect, by where it is. */
export function classify(path: string): PathClass {
  const domain = /^domains\/([^/]+)\/./.exec(path)?.[1];
  if (domain) return { kind: "domain", domain };
  if (path === LOCK_FILE) return { kind: "mesh" };
  const stack = /^stacks\/Pulumi\.(.+)\.ya?ml$/.exec(path)?.[1];
  if (stack) return { kind: "stack", name: stack };
  if (under(path, EVERY_STACK) || /^tsconfig[^/]*\.json$/.test(path)) {
    return { kind: "every", reason: `platform code changed: ${path}` };
  }
  if (under(path, NO_STACK)) return { kind: "none" };
  return { kind: "every", reason: `unclassified path ${path}` };
}

/**
 * JSON of a part of the model, comparable between the base checkout and the project: the base
 * folder's paths read as the project's, and sets and maps kept (JSON would write them as `{}`).
 */
function comparable(value: unknown, paths: readonly (readonly [string, string])[]): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) => {
    if (typeof v === "string") return paths.reduce((s, [from, to]) => s.split(from).join(to), v);
    if (v instanceof Set) return [...v];
    if (v instanceof Map) return [...v.entries()];
    return v;
  });
}

const idOf = (ref: ProductRef) => `${ref.domain}.${ref.product}.v${ref.major}`;

/**
 * Why each domain's stacks may plan differently in `now` than in `base`, from the parts of the mesh
 * a Domain reads: its declaration, its product versions' models (lineage included, which carries
 * its inputs' changes), the products it consumes, who consumes its own, their published contracts;
 * who may reach each product version as its stacks register it (full lists for what it publishes
 * and consumes, the producer alone for the rest: `stackAccess`); and what every stack registers,
 * the mesh's transform roles.
 */
export function meshChanges(
  base: Mesh,
  now: Mesh,
  environments: readonly Environment[],
  platform: PlatformFile,
  same: (a: unknown, b: unknown) => boolean,
): { every: string[]; byDomain: Map<string, string[]> } {
  const every: string[] = [];
  for (const env of environments) {
    const settings = platformSettingsFor(platform, env);
    const reason = "the mesh's transform roles changed (every stack registers them with its access lists)";
    if (
      !same(meshTransformRoles(base, settings, env), meshTransformRoles(now, settings, env)) &&
      !every.includes(reason)
    )
      every.push(reason);
  }
  const byDomain = new Map<string, string[]>();
  const names = new Set([...base.domains, ...now.domains].map((d) => d.name));
  const versions = (domain: string) =>
    [...base.products, ...now.products].filter((p) => p.ref.domain === domain).map((p) => p.ref);
  for (const name of names) {
    const reasons: string[] = [];
    const declared = (m: Mesh) => m.domains.find((d) => d.name === name);
    if (!same(declared(base), declared(now))) reasons.push(`the ${name} declaration changed`);
    const own = uniqueRefs(versions(name));
    for (const ref of own) {
      const id = idOf(ref);
      if (!same(productOf(base, ref), productOf(now, ref))) reasons.push(`the model of ${id} changed`);
      if (!same(base.published?.[id], now.published?.[id]))
        reasons.push(`the published contract of ${id} changed`);
      if (!same(consumersOf(base, ref), consumersOf(now, ref)))
        reasons.push(`the consumers of ${id} changed`);
    }
    for (const id of accessChanges(base, now, name, environments, platform, same))
      reasons.push(`who may reach ${id} changed (the ${name} stacks register it for the grants rule)`);
    const consumed = uniqueRefs([base, now].flatMap((m) => declared(m)?.consumes ?? []));
    for (const ref of consumed) {
      if (!same(productOf(base, ref), productOf(now, ref)))
        reasons.push(`consumes ${idOf(ref)}, whose model changed`);
    }
    if (reasons.length > 0) byDomain.set(name, reasons);
  }
  return { every, byDomain };
}

/** The product versions whose entry in `domain`'s registered access differs, in any environment. */
function accessChanges(
  base: Mesh,
  now: Mesh,
  domain: string,
  environments: readonly Environment[],
  platform: PlatformFile,
  same: (a: unknown, b: unknown) => boolean,
): string[] {
  const changed = new Set<string>();
  for (const env of environments) {
    const settings = platformSettingsFor(platform, env);
    const [was, is] = [stackAccess(base, domain, settings, env), stackAccess(now, domain, settings, env)];
    for (const id of new Set([...Object.keys(was), ...Object.keys(is)])) {
      if (!same(was[id], is[id])) changed.add(id);
    }
  }
  return [...changed].sort();
}

function uniqueRefs(refs: readonly ProductRef[]): ProductRef[] {
  const seen = new Map(refs.map((r) => [idOf(r), { domain: r.domain, product: r.product, major: r.major }]));
  return [...seen.values()];
}

export interface AffectedOptions {
  readonly root: string;
  readonly base: string;
  /** The project's mesh as the plan loaded it. */
  readonly mesh: Mesh;
  readonly platform: PlatformFile;
  readonly stacks: readonly StackFile[];
}

/** The stacks `--affected` plans, in the order given, each with its reasons. */
export async function affectedStacks(options: AffectedOptions): Promise<AffectedStack[]> {
  const { root, base, stacks } = options;
  const paths = changedPaths(root, base);
  const every: string[] = [];
  const byDomain = new Map<string, string[]>();
  const byStack = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, reason: string) =>
    map.set(key, [...(map.get(key) ?? []), reason]);
  let meshTouched = false;
  for (const path of paths) {
    const c = classify(path);
    if (c.kind === "every") every.push(c.reason);
    else if (c.kind === "stack") add(byStack, c.name, `${path} changed`);
    else if (c.kind === "mesh") meshTouched = true;
    else if (c.kind === "domain") {
      // The domain file runs in its own stack's plan and may read any file of its folder.
      add(byDomain, c.domain, `${path} changed`);
      meshTouched = true;
    }
  }
  if (meshTouched) {
    for (const reason of await modelReasons(options, byDomain)) every.push(reason);
  }
  return stacks.flatMap((s) => {
    const reasons = [...(byStack.get(s.name) ?? []), ...(byDomain.get(s.domain) ?? []), ...every];
    return reasons.length > 0 ? [{ stack: s.name, reasons }] : [];
  });
}

/** Compares the mesh at the base with the project's; adds per-domain reasons, returns every stack's. */
async function modelReasons(options: AffectedOptions, byDomain: Map<string, string[]>): Promise<string[]> {
  const { root, base, mesh, platform, stacks } = options;
  const dir = checkoutAt(root, base, ["domains", LOCK_FILE]);
  try {
    let was: Mesh;
    try {
      was = await meshAt(join(dir, "domains"));
    } catch (e) {
      if (!isInputError(e)) throw e;
      // Nothing to compare with: every stack, so that none is missed.
      return [`the mesh at ${base} does not load, so nothing narrows the change`];
    }
    // Sources are named by absolute paths and by paths from the working directory.
    const slash = (p: string) => (p === "" ? "" : `${p}${sep}`);
    const paths = [
      [resolve(dir) + sep, resolve(root) + sep],
      [slash(relative(process.cwd(), dir)), slash(relative(process.cwd(), root))],
    ] as const;
    const same = (a: unknown, b: unknown) => comparable(a, paths) === comparable(b, []);
    const environments = [...new Set(stacks.map((s) => s.environment))];
    const changes = meshChanges(was, mesh, environments, platform, same);
    for (const [domain, reasons] of changes.byDomain) {
      byDomain.set(domain, [...(byDomain.get(domain) ?? []), ...reasons]);
    }
    return changes.every;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
