/**
 * `mesh product export --format odps --out DIR [--catalog-url URL]`: every product version that
 * runs — the current ones and the superseded majors still consumed — as an ODPS v1.0.0 descriptor,
 * `<domain>.<product>.v<major>.odps.yaml`, whose output port names the contract `mesh contract
 * export` writes beside it. --catalog-url, where the `mesh catalog` site is published, makes each
 * product's page a management port with a URL (the standard wants absolute URLs).
 */
import { join, relative, resolve } from "node:path";
import { LOCK_FILE } from "../../components/contract/lock.js";
import { odpsFileName, odpsYaml, toOdps } from "../../components/product/odpsExport.js";
import { ODPS_API_VERSION } from "../../components/product/odpsValidate.js";
import { loadMesh } from "../../program/loadMesh.js";
import { productPage } from "../catalog/model.js";
import { productReads } from "../catalog/reads.js";
import { PRODUCT_EXPORT } from "../commandSpecs.js";
import { EXIT, UsageError } from "../errors.js";
import { type Output, plural, writeFileAtomic } from "../io.js";
import { commandHelp } from "../usage.js";

export interface ProductExportOptions {
  readonly root: string;
  readonly format: string;
  /** Output folder, relative to `root` unless absolute. */
  readonly out: string;
  /** Where the catalog site is published: each product's page URL is resolved against it. */
  readonly catalogUrl?: string;
}

export const PRODUCT_FORMATS = ["odps"] as const;

/** The catalog's base URL, as a folder URL; a usage error when it is not an http(s) URL. */
function catalogBase(text: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text.endsWith("/") ? text : `${text}/`);
  } catch {
    url = undefined;
  }
  if (url === undefined || !["http:", "https:"].includes(url.protocol)) {
    throw new UsageError(
      `--catalog-url must be an absolute http(s) URL, got "${text}"`,
      commandHelp(PRODUCT_EXPORT),
    );
  }
  return url;
}

export async function productExportCommand(options: ProductExportOptions, io: Output): Promise<number> {
  if (!(PRODUCT_FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(
      `--format must be one of ${PRODUCT_FORMATS.join(", ")}, got "${options.format}"`,
      commandHelp(PRODUCT_EXPORT),
    );
  }
  const base = options.catalogUrl === undefined ? undefined : catalogBase(options.catalogUrl);
  const mesh = await loadMesh({}, join(options.root, "domains"));
  // What each current product's SQL reads, as the catalog's lineage draws it: one answer for both.
  const reads = await productReads(mesh);
  const out = resolve(options.root, options.out);
  for (const model of mesh.products) {
    const path = productPage(model.id);
    const doc = toOdps(model, {
      reads: reads.get(model.id),
      catalogPage: { path, ...(base ? { url: new URL(path, base).href } : {}) },
    });
    const file = join(out, odpsFileName(model));
    // A retained major is no longer declared: it runs, and exports, as last published.
    writeFileAtomic(
      file,
      odpsYaml(doc, model.retained ? LOCK_FILE : `domains/${model.contract.domain}/index.ts`),
    );
    const shown = relative(options.root, file);
    io.out(`wrote ${shown.startsWith("..") ? file : shown} (${model.id}, version ${model.contract.version})`);
  }
  io.out(`${plural(mesh.products.length, "data product")} exported as ODPS ${ODPS_API_VERSION} to ${out}`);
  return EXIT.ok;
}
