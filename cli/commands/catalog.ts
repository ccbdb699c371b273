/**
 * `mesh catalog --out DIR`: the mesh as a static website, for people. Every domain and product,
 * search, the lineage graph, and per product its neighbourhood and its contract: schema with PII marked, SLOs, quality rules,
 * consumers, physical names and message JSON Schema. Opens from disk or any static host.
 */
import { join, resolve } from "node:path";
import { loadMesh } from "../../program/loadMesh.js";
import { readPlatformFile } from "../../program/platformFile.js";
import { buildCatalog, stackTargets } from "../catalog/model.js";
import { productReads } from "../catalog/reads.js";
import { checkOutDir, writeSite } from "../catalog/site.js";
import { EXIT, UsageError } from "../errors.js";
import type { Output } from "../io.js";
import { readStackFile, stackFilePaths } from "../plan/stackFile.js";

export interface CatalogOptions {
  /** The project: `domains/`, `stacks/` and `platform.yaml` are read from it. */
  readonly root: string;
  /** Directory of the site, relative to `root` unless absolute. Created or replaced. */
  readonly out: string;
}

export async function catalogCommand(options: CatalogOptions, io: Output): Promise<number> {
  const out = resolve(options.root, options.out);
  checkOutDir(out); // before the slow part: a wrong --out fails at once
  const domainsDir = join(options.root, "domains");
  const mesh = await loadMesh({}, domainsDir);
  if (mesh.domains.length === 0) throw new UsageError(`no domain declarations in ${domainsDir}`);
  const stacks = stackFilePaths(join(options.root, "stacks")).map(readStackFile);
  // The platform's settings are read only when some stack needs them: a project of declarations alone has no platform.yaml.
  const platform = stacks.length > 0 ? readPlatformFile(options.root).environments : {};
  const model = buildCatalog(mesh, stackTargets(stacks, platform), await productReads(mesh));
  const files = writeSite(model, out);
  io.out(
    `Wrote the catalog of ${model.domains.length} domains and ${model.products.length} data products to ${out} (${files.length} files).`,
  );
  io.out(`Open ${join(out, "index.html")}, or publish the folder on any static host.`);
  return EXIT.ok;
}
