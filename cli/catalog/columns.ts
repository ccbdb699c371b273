/**
 * Column-level lineage as the catalog shows it: for each field of each product version, the input
 * columns its values come from (and how), and every use of it downstream across the mesh, through
 * any number of products. Built from the lineage the plan derived (`ProductModel.lineage`) and,
 * for a superseded major still running, the lineage it was published with (contracts.lock.json).
 */
import type { ColumnSource, LineageKind } from "../../components/declaration/lineage.js";
import { STAGING_INPUT } from "../../components/declaration/lineage.js";
import type { Mesh } from "../../components/declaration/mesh.js";

/** A field's page, from the site root: one per field of every product version. */
export const fieldPage = (id: string, column: string): string => `fields/${safe(id)}.${safe(column)}.html`;
const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");

/** One input column a field comes from. */
export interface FieldSourceView {
  /** The contract id of the input, or `staging`: the product's own raw records. */
  readonly input: string;
  readonly column: string;
  readonly kind: LineageKind;
  /** Aggregated over groups of at least the platform's minimum size. */
  readonly deidentified: boolean;
  /** The source field's page, when the catalog has the input. */
  readonly page?: string;
}

/** A field of another product built (at some remove) from this one. */
export interface FieldUseView {
  readonly product: string;
  readonly column: string;
  readonly kind: LineageKind;
  readonly deidentified: boolean;
  /** 1 for a product that reads this field itself, 2 for one that reads such a product's field… */
  readonly depth: number;
  /** For depth > 1: the field it comes through, `<product id>.<column>`. */
  readonly via?: string;
  readonly page: string;
}

export interface FieldLineageView {
  readonly page: string;
  /** Undefined when the product's lineage is not known (an entry published before it was recorded). */
  readonly sources?: readonly FieldSourceView[];
  readonly uses: readonly FieldUseView[];
}

interface Use {
  readonly product: string;
  readonly column: string;
  readonly kind: LineageKind;
  readonly deidentified: boolean;
}

const key = (product: string, column: string) => `${product}\0${column}`;

/** Answers, per product field, where it comes from and where it goes. */
export interface ColumnIndex {
  field(productId: string, column: string): FieldLineageView;
}

/** The column index of `mesh`: each product's lineage by id, and who reads each column. */
export function columnIndex(mesh: Mesh): ColumnIndex {
  const ids = new Set(mesh.products.map((p) => p.id));
  const lineage = new Map<string, Map<string, readonly ColumnSource[]>>();
  const record = (id: string, columns: readonly { column: string; sources: readonly ColumnSource[] }[]) =>
    lineage.set(id, new Map(columns.map((c) => [c.column, c.sources])));
  for (const e of mesh.retained ?? [])
    if (e.lineage) record(`${e.domain}.${e.product.name}.v${e.product.version.split(".")[0]}`, e.lineage);
  for (const p of mesh.products) if (p.lineage) record(p.id, p.lineage);

  const readers = new Map<string, Use[]>();
  for (const [product, columns] of lineage)
    for (const [column, sources] of columns)
      for (const s of sources) {
        if (s.input === STAGING_INPUT) continue;
        const use = { product, column, kind: s.kind, deidentified: s.deidentified === true };
        const k = key(s.input, s.column);
        readers.get(k)?.push(use) ?? readers.set(k, [use]);
      }

  /** Every field downstream of `id.column`, breadth first: nearest first, each once, cycles cut. */
  const downstream = (id: string, column: string): FieldUseView[] => {
    const seen = new Set([key(id, column)]);
    const out: FieldUseView[] = [];
    let frontier: { product: string; column: string; depth: number }[] = [{ product: id, column, depth: 0 }];
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const at of frontier)
        for (const use of readers.get(key(at.product, at.column)) ?? []) {
          const k = key(use.product, use.column);
          if (seen.has(k)) continue;
          seen.add(k);
          const depth = at.depth + 1;
          out.push({
            ...use,
            depth,
            ...(depth > 1 ? { via: `${at.product}.${at.column}` } : {}),
            page: fieldPage(use.product, use.column),
          });
          next.push({ product: use.product, column: use.column, depth });
        }
      frontier = next;
    }
    return out;
  };

  return {
    field(productId, column) {
      const sources = lineage.get(productId)?.get(column);
      return {
        page: fieldPage(productId, column),
        ...(lineage.has(productId)
          ? {
              sources: (sources ?? []).map((s) => ({
                input: s.input,
                column: s.column,
                kind: s.kind,
                deidentified: s.deidentified === true,
                ...(ids.has(s.input) ? { page: fieldPage(s.input, s.column) } : {}),
              })),
            }
          : {}),
        uses: downstream(productId, column),
      };
    },
  };
}
