/**
 * The lineage graphs as SVG, drawn when the site is built: the whole mesh (its own page, zoomed and
 * panned by catalog.js) and each product's neighbourhood (on its page, no script needed). An edge
 * runs from a product to each product whose SQL reads it. Products holding PII are drawn in red and
 * say so; deprecated, retired and superseded versions are dashed; the product of the page is bold.
 * In the whole mesh each domain has a band of its own. Every text comes through the `html` template, so names cannot become markup.
 */
import { type Html, html } from "./html.js";
import { type Layout, type LayoutNode, layout, NODE } from "./layout.js";
import type { CatalogModel, LineageEdge, ProductView } from "./model.js";

/** Class names of a product node, by what the reader must notice. */
export function classesOf(p: ProductView): string[] {
  const classes: string[] = [];
  if (p.piiFields.length > 0) classes.push("pii");
  if (p.status === "deprecated" || p.status === "retired" || p.supersededBy !== undefined)
    classes.push("deprecated");
  if (p.status === "draft") classes.push("draft");
  return classes;
}

/** The facts under a node's name: domain, version, and what to notice. */
export function nodeFacts(p: ProductView): string {
  const facts = [p.domain, `v${p.version}`, ...(p.piiFields.length > 0 ? ["PII"] : [])];
  if (p.status !== "active") facts.push(p.status);
  if (p.supersededBy !== undefined) facts.push("superseded");
  return facts.join(" · ");
}

/** Longest text that fits a node at its font size; the full text is in the node's tooltip. */
const clip = (text: string, chars: number) => {
  const characters = [...text]; // by code point: never half a surrogate pair
  return characters.length > chars ? `${characters.slice(0, chars - 1).join("")}…` : text;
};

/** A placeholder for the products a neighbourhood column leaves out. */
interface More {
  readonly id: string;
  readonly count: number;
}

function nodeSvg(p: ProductView | More, layoutOf: Layout, root: string, focus?: string): Html {
  const at = layoutOf.nodes.get(p.id)!;
  if (!("page" in p)) {
    return html`<g class="node more" transform="translate(${at.x} ${at.y})"><rect width="${NODE.width}" height="${NODE.height}" rx="6"></rect><text x="12" y="27" class="name">+ ${p.count} more</text></g>`;
  }
  const classes = ["node", ...classesOf(p), ...(p.id === focus ? ["focus"] : [])].join(" ");
  return html`<a href="${root}${p.page}"><g class="${classes}" data-id="${p.id}" data-domain="${p.domain}" transform="translate(${at.x} ${at.y})"><title>${p.id} — ${p.description}</title><rect width="${NODE.width}" height="${NODE.height}" rx="6"></rect><text x="10" y="18" class="name">${clip(p.product, 26)}</text><text x="10" y="35" class="facts">${clip(nodeFacts(p), 32)}</text></g></a>`;
}

function svg(
  what: string,
  nodes: readonly (ProductView | More)[],
  edges: readonly LineageEdge[],
  layers: ReadonlyMap<string, number> | undefined,
  root: string,
  focus?: string,
  bands = false,
): Html {
  const input: LayoutNode[] = nodes.map((n) => ({
    id: n.id,
    group: "domain" in n ? n.domain : "~",
    ...(layers ? { layer: layers.get(n.id)! } : {}),
  }));
  const placed = layout(input, edges, { bands });
  const bandSvg = placed.bands.map(
    (b) =>
      html`<g class="band" data-domain="${b.group}"><rect x="0" y="${b.y}" width="${placed.width}" height="${b.height}"></rect><text x="${NODE.margin}" y="${b.y + 17}">${b.group}</text></g>`,
  );
  const major = new Map(edges.map((e) => [`${e.from}\n${e.to}`, e.major]));
  const edgeSvg = placed.edges.map(
    (e) =>
      html`<path d="${e.d}" data-from="${e.from}" data-to="${e.to}"><title>${e.from} → ${e.to} (reads v${major.get(`${e.from}\n${e.to}`) ?? ""})</title></path>`,
  );
  // Width and height in pixels equal to the viewBox: drawn at 1:1, text keeps its pixel size.
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="lineage" viewBox="0 0 ${placed.width} ${placed.height}" width="${placed.width}" height="${placed.height}" role="img" aria-label="${what}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0 0L10 5L0 10z"></path></marker></defs><g class="bands">${bandSvg}</g><g class="edges">${edgeSvg}</g><g class="nodes">${nodes.map((n) => nodeSvg(n, placed, root, focus))}</g></svg>`;
}

/** The whole mesh: every product version, every edge. For lineage.html (at the site root). */
export function meshGraph(model: CatalogModel): Html {
  return svg("Lineage of the whole mesh", model.products, model.edges, undefined, "", undefined, true);
}

/** Most products shown in one column of a neighbourhood; the rest are counted in a "+ N more" node. */
export const COLUMN_LIMIT = 12;

/**
 * A product's neighbourhood: what it reads and what reads it, `hops` deep each way, every product
 * in the column of its nearest distance. For its page (one folder down from the root).
 */
export function neighbourhoodGraph(model: CatalogModel, focus: ProductView, hops = 2): Html {
  const byId = new Map(model.products.map((p) => [p.id, p]));
  const layer = new Map<string, number>([[focus.id, 0]]);
  const walk = (direction: -1 | 1) => {
    let frontier = [focus.id];
    for (let hop = 1; hop <= hops && frontier.length > 0; hop++) {
      const next: string[] = [];
      for (const id of frontier) {
        const p = byId.get(id)!;
        const ids =
          direction < 0 ? p.inputs.filter((i) => i.page).map((i) => i.id) : p.readBy.map((r) => r.id);
        for (const n of ids) {
          if (layer.has(n) || !byId.has(n)) continue;
          layer.set(n, direction * hop);
          next.push(n);
        }
      }
      frontier = next;
    }
  };
  walk(-1);
  walk(1);
  // Each column keeps its first products (nearest the focus first, then by id); the rest become one node.
  const columns = new Map<number, string[]>();
  for (const [id, l] of layer) columns.get(l)?.push(id) ?? columns.set(l, [id]);
  const nodes: (ProductView | More)[] = [];
  const layers = new Map<string, number>();
  for (const [l, ids] of [...columns].sort((a, b) => a[0] - b[0])) {
    ids.sort();
    const shown = ids.length > COLUMN_LIMIT ? ids.slice(0, COLUMN_LIMIT - 1) : ids;
    for (const id of shown) {
      nodes.push(byId.get(id)!);
      layers.set(id, l);
    }
    if (shown.length < ids.length) {
      const more = { id: `more:${l}`, count: ids.length - shown.length };
      nodes.push(more);
      layers.set(more.id, l);
    }
  }
  const shown = new Set(layers.keys());
  // Only edges between adjacent columns: the hops the reader follows from the focus.
  const edges = model.edges.filter(
    (e) => shown.has(e.from) && shown.has(e.to) && layers.get(e.to)! - layers.get(e.from)! === 1,
  );
  return svg(
    `Lineage of ${focus.id}: what it reads and what reads it`,
    nodes,
    edges,
    layers,
    "../",
    focus.id,
  );
}
