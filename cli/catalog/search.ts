/**
 * The catalog's search index: one entry per product version with what people search by — its
 * name, its fields, its owner, its tags — read by catalog.js in the browser. It is a script that
 * assigns JSON to a global rather than a `.json` file fetched at run time, because browsers refuse
 * `fetch` from `file://` and the site must work opened from disk.
 */
import type { CatalogModel, ProductView } from "./model.js";

export const SEARCH_INDEX_FILE = "assets/search-index.js";

/** One product version, with short keys: the index of a thousand products stays small. */
export interface SearchEntry {
  /** `<domain>.<product>.v<major>`. */
  readonly i: string;
  readonly p: string;
  readonly d: string;
  readonly v: string;
  /** Owner: team and email. */
  readonly o: string;
  /** Field names. */
  readonly f: readonly string[];
  /** Tags: classification, status, `pii`, `superseded`. */
  readonly t: readonly string[];
  /** The description (the grain). */
  readonly s: string;
  /** Its page, from the site root. */
  readonly u: string;
}

/**
 * A product's tags. Declarations have no free-form tags; these are the facets people filter by.
 */
export function tagsOf(p: ProductView): string[] {
  return [
    p.classification,
    p.status,
    ...(p.piiFields.length > 0 ? ["pii"] : []),
    ...(p.supersededBy !== undefined ? ["superseded"] : []),
  ];
}

export function searchEntries(model: CatalogModel): SearchEntry[] {
  return model.products.map((p) => ({
    i: p.id,
    p: p.product,
    d: p.domain,
    v: p.version,
    o: `${p.owner.team} ${p.owner.email}`,
    f: p.fields.map((f) => f.name),
    t: tagsOf(p),
    s: p.description,
    u: p.page,
  }));
}

/**
 * The index as a script. `<` is written as `\u003c` so that no text of a declaration can close a
 * script element should the file ever be inlined; the file itself is only ever loaded by `src`.
 */
export function searchIndexScript(model: CatalogModel): string {
  const json = JSON.stringify(searchEntries(model)).replace(/</g, "\\u003c");
  return `"use strict";\nvar MESH_SEARCH_INDEX = ${json};\n`;
}
