/**
 * Writes the catalog as a static site: every file atomically, then removes the pages of products
 * that are gone, so re-running replaces the site. Only a new, empty or earlier catalog directory
 * is written to: anything else may be someone's files.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { writeFileAtomic } from "../io.js";
import { CATALOG_CSS, CATALOG_JS } from "./assets.js";
import { fieldHtml } from "./fieldPage.js";
import { GENERATOR } from "./html.js";
import type { CatalogModel } from "./model.js";
import { indexHtml, LINEAGE_PAGE, lineageHtml, productHtml } from "./pages.js";
import { SEARCH_INDEX_FILE, searchIndexScript } from "./search.js";

/** Sub-folders whose every file the catalog generates: files there it did not write are stale. */
const OWNED_DIRS = ["assets", "fields", "products", "schemas"] as const;

/** Throws {@link UsageError} unless `out` may hold the catalog. */
export function checkOutDir(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new UsageError(`--out ${out} exists and is not a directory`);
  if (readdirSync(out).length === 0) return;
  const index = join(out, "index.html");
  const isCatalog =
    existsSync(index) &&
    statSync(index).isFile() &&
    readFileSync(index, "utf8").includes(`<meta name="generator" content="${GENERATOR}">`);
  if (!isCatalog) {
    throw new UsageError(
      `--out ${out} is a directory with other files in it, not a mesh catalog; choose a new or empty directory`,
    );
  }
}

/** Every file of the site: path relative to the site root → content. */
export function siteFiles(model: CatalogModel): Map<string, string> {
  // The index first: a run that stops half-way leaves a directory still recognisably a catalog.
  const files = new Map<string, string>([["index.html", indexHtml(model)]]);
  files.set(LINEAGE_PAGE, lineageHtml(model));
  files.set("assets/catalog.css", CATALOG_CSS);
  files.set("assets/catalog.js", CATALOG_JS);
  files.set(SEARCH_INDEX_FILE, searchIndexScript(model));
  for (const p of model.products) {
    files.set(p.page, productHtml(p, model));
    for (const f of p.fields) if (f.lineage) files.set(f.lineage.page, fieldHtml(p, f));
    if (p.messageSchema) files.set(p.schemaFile, `${JSON.stringify(p.messageSchema, null, 2)}\n`);
  }
  return files;
}

/** Writes the site into `out` (created if missing); returns the paths written, relative to `out`. */
export function writeSite(model: CatalogModel, out: string): string[] {
  checkOutDir(out);
  const files = siteFiles(model);
  for (const [path, content] of files) writeFileAtomic(join(out, path), content);
  for (const dir of OWNED_DIRS) {
    const abs = join(out, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs)) {
      if (!files.has(`${dir}/${name}`)) rmSync(join(abs, name), { recursive: true, force: true });
    }
  }
  return [...files.keys()];
}
