/**
 * `mesh catalog --out DIR [--history DIR]`: the mesh as a static website, for people. Every domain and product,
 * search, the lineage graph, and per product its neighbourhood and its contract: schema with PII marked, SLOs, quality rules,
 * consumers, physical names and message JSON Schema; with a run history, its runs and SLO attainment.
 * Opens from disk or any static host.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadMesh } from "../../program/loadMesh.js";
import { readPlatformFile } from "../../program/platformFile.js";
import { localLayout } from "../../runner/locations.js";
import { buildCatalog, stackTargets } from "../catalog/model.js";
import { productReads } from "../catalog/reads.js";
import { checkOutDir, writeSite } from "../catalog/site.js";
import { catalogHistory } from "../catalog/statusSection.js";
import { EXIT, UsageError } from "../errors.js";
import type { Output } from "../io.js";
import { readStackFile, stackFilePaths } from "../plan/stackFile.js";
import { type HistoryReader, readWarehouseHistory } from "../status/readHistory.js";

export interface CatalogOptions {
  /** The project: `domains/`, `stacks/` and `platform.yaml` are read from it. */
  readonly root: string;
  /** Directory of the site, relative to `root` unless absolute. Created or replaced. */
  readonly out: string;
  /** The folder `mesh run --out` wrote, relative to `root` unless absolute: its run history is shown. */
  readonly history?: string;
  /** When the SLO attainment is computed to; @default now. */
  readonly now?: Date;
}

/** The run history's warehouse under `--history DIR`; a folder without one is a usage error. */
function historyWarehouse(options: CatalogOptions): string | undefined {
  if (options.history === undefined) return undefined;
  const warehouse = localLayout(resolve(options.root, options.history)).warehouseDatabase;
  if (!existsSync(warehouse)) {
    throw new UsageError(
      `--history ${options.history}: no warehouse at ${warehouse}; give the folder \`mesh run --out\` wrote (default .mesh)`,
    );
  }
  return warehouse;
}

/** Runs the command; `readHistory` reads the runs recorded in a warehouse file, as for `mesh status`. */
export async function catalogCommand(
  options: CatalogOptions,
  io: Output,
  readHistory: HistoryReader = readWarehouseHistory,
): Promise<number> {
  const out = resolve(options.root, options.out);
  checkOutDir(out); // before the slow part: a wrong --out or --history fails at once
  const warehouse = historyWarehouse(options);
  const domainsDir = join(options.root, "domains");
  const mesh = await loadMesh({}, domainsDir);
  if (mesh.domains.length === 0) throw new UsageError(`no domain declarations in ${domainsDir}`);
  const stacks = stackFilePaths(join(options.root, "stacks")).map(readStackFile);
  // The platform's settings are read only when some stack needs them: a project of declarations alone has no platform.yaml.
  const platform = stacks.length > 0 ? readPlatformFile(options.root).environments : {};
  const built = buildCatalog(mesh, stackTargets(stacks, platform), await productReads(mesh));
  const model = warehouse
    ? {
        ...built,
        history: catalogHistory(built, await readHistory(warehouse), options.now ?? new Date()),
      }
    : built;
  const files = writeSite(model, out);
  io.out(
    `Wrote the catalog of ${model.domains.length} domains and ${model.products.length} data products to ${out} (${files.length} files).`,
  );
  io.out(`Open ${join(out, "index.html")}, or publish the folder on any static host.`);
  return EXIT.ok;
}
