/**
 * `mesh status [<domain>[/<product>]] [--out DIR] [--json]`: per product version, its last run, its
 * SLO attainment over the last 7 and 30 days, the checks its last run failed and its quarantine
 * trend, from the run history `mesh run --out DIR` keeps in its local warehouse (issue 14, item 4).
 * A report, not a gate: it exits 0 whatever the figures (CI that gates on them reads `--json`).
 */
import { existsSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { ProductModel } from "../../components/declaration/productModel.js";
import { nearestName } from "../../components/declaration/spelling.js";
import { productStatus } from "../../components/history/productStatus.js";
import { loadMesh } from "../../program/loadMesh.js";
import { localLayout } from "../../runner/locations.js";
import { EXIT, UsageError } from "../errors.js";
import type { Output } from "../io.js";
import { statusLines } from "../status/format.js";
import { type HistoryReader, readWarehouseHistory } from "../status/readHistory.js";
import { type DeclaredProduct, productStatusJson, type StatusReport } from "../status/report.js";

export interface StatusOptions {
  /** The project: its `domains/` are read. */
  readonly root: string;
  /** `<domain>` or `<domain>/<product>`: every version of them; every product when absent. */
  readonly target?: string;
  /** The folder `mesh run --out` wrote; @default `<root>/.mesh` */
  readonly out?: string;
  /** Print {@link StatusReport} as JSON instead of the tables. */
  readonly json?: boolean;
  /** The end of every window; @default now. */
  readonly now?: Date;
}

const didYouMean = (name: string, known: readonly string[]) => {
  const near = nearestName(name, known);
  return near ? `did you mean "${near}"? ` : "";
};

/** The product versions `target` names, in declaration order; a name the mesh lacks is a usage error. */
export function selectStatusProducts(products: readonly ProductModel[], target?: string): ProductModel[] {
  if (target === undefined) return [...products];
  const match = /^([^/]+)(?:\/([^/]+))?$/.exec(target);
  if (!match) throw new UsageError(`name a <domain> or a <domain>/<product>, got "${target}"`);
  const [, domain = "", product] = match;
  const domains = [...new Set(products.map((p) => p.ref.domain))];
  if (!domains.includes(domain)) {
    throw new UsageError(
      `unknown domain "${domain}": ${didYouMean(domain, domains)}known domains: ${domains.join(", ")}`,
    );
  }
  const ofDomain = products.filter((p) => p.ref.domain === domain);
  if (product === undefined) return ofDomain;
  const chosen = ofDomain.filter((p) => p.ref.product === product);
  if (chosen.length === 0) {
    const names = [...new Set(ofDomain.map((p) => p.ref.product))];
    throw new UsageError(
      `domain "${domain}" has no product "${product}": ${didYouMean(product, names)}its products: ${names.join(", ")}`,
    );
  }
  return chosen;
}

export const declaredProduct = (p: ProductModel): DeclaredProduct => ({
  id: p.id,
  domain: p.ref.domain,
  product: p.ref.product,
  major: p.ref.major,
  version: p.declaration.version,
});

/**
 * Runs the command. `readHistory` reads the runs recorded in a warehouse file: the local warehouse's
 * history table unless another store is given.
 */
export async function statusCommand(
  options: StatusOptions,
  io: Output,
  readHistory: HistoryReader = readWarehouseHistory,
): Promise<number> {
  const mesh = await loadMesh({}, join(options.root, "domains"));
  const selected = selectStatusProducts(mesh.products, options.target);
  const warehouse = localLayout(resolve(options.root, options.out ?? ".mesh")).warehouseDatabase;
  const historyFound = existsSync(warehouse);
  const records = historyFound ? await readHistory(warehouse) : [];
  const now = options.now ?? new Date();
  const statuses = selected.map((p) => ({
    declared: declaredProduct(p),
    status: productStatus(p.id, p.declaration.slos, records, now),
  }));
  if (options.json) {
    const report: StatusReport = {
      asOf: now.toISOString(),
      warehouse,
      historyFound,
      products: statuses.map(({ declared, status }) => productStatusJson(declared, status)),
    };
    io.out(JSON.stringify(report, null, 2));
    return EXIT.ok;
  }
  // Relative to the project when inside it, as the user typed --out; absolute otherwise.
  const inside = relative(options.root, warehouse);
  const shown = inside.startsWith("..") || isAbsolute(inside) ? warehouse : inside;
  io.out(
    historyFound
      ? `Status as of ${now.toISOString()}, from the run history in ${shown}.`
      : `No run history yet: ${shown} does not exist. \`mesh run\` (with the same --out) records the runs.`,
  );
  for (const { declared, status } of statuses) {
    io.out();
    for (const line of statusLines(declared, status)) io.out(line);
  }
  return EXIT.ok;
}
