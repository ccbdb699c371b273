/**
 * A layered layout of a lineage graph, computed when the site is built rather than in the browser:
 * the page stays static and deterministic, opens instantly at a thousand products, and needs no
 * layout library. Columns are the longest path from a source (producers left of what reads them);
 * within a column, nodes are grouped by domain, and within a domain ordered by the mean row of
 * their neighbours (a few barycentre sweeps), which keeps edges short. Node and font sizes are fixed in
 * pixels: a bigger mesh makes a bigger picture, never smaller text.
 */

export interface LayoutNode {
  readonly id: string;
  /** A fixed column (the neighbourhood's hops); computed from the edges when absent. */
  readonly layer?: number;
  /** Tie-break and initial order within a column: nodes of a domain stay together. */
  readonly group: string;
}

export interface LayoutEdge {
  readonly from: string;
  readonly to: string;
}

export interface Placed {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly layer: number;
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<string, Placed>;
  /** With `bands`: each group's horizontal band (its label goes at the top). */
  readonly bands: readonly { readonly group: string; readonly y: number; readonly height: number }[];
  /** SVG path data per edge between two placed nodes, in the order given. */
  readonly edges: readonly { readonly from: string; readonly to: string; readonly d: string }[];
}

export const NODE = { width: 220, height: 44, columnGap: 90, rowGap: 14, margin: 16, bandLabel: 24 } as const;

/** Longest path from a source, by Kahn's order; nodes on a cycle (refused at plan) go last. */
function layersOf(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Map<string, number> {
  const ids = new Set(nodes.map((n) => n.id));
  const out = new Map<string, string[]>();
  const indegree = new Map(nodes.map((n) => [n.id, 0]));
  for (const e of edges) {
    if (!ids.has(e.from) || !ids.has(e.to) || e.from === e.to) continue;
    out.get(e.from)?.push(e.to) ?? out.set(e.from, [e.to]);
    indegree.set(e.to, indegree.get(e.to)! + 1);
  }
  const layer = new Map<string, number>();
  const queue = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (const id of queue) layer.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const next of out.get(id) ?? []) {
      layer.set(next, Math.max(layer.get(next) ?? 0, layer.get(id)! + 1));
      indegree.set(next, indegree.get(next)! - 1);
      if (indegree.get(next) === 0) queue.push(next);
    }
  }
  const last = Math.max(0, ...layer.values()) + 1;
  for (const n of nodes) if (!layer.has(n.id)) layer.set(n.id, last);
  return layer;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `bands`: each group (domain) gets a horizontal band of its own, as the whole mesh's graph does, so
 * a domain's products sit together whatever their columns, and a domain filter shows one area.
 */
export function layout(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  options: { readonly bands?: boolean } = {},
): Layout {
  const computed = nodes.some((n) => n.layer === undefined) ? layersOf(nodes, edges) : undefined;
  const layerOf = new Map(nodes.map((n) => [n.id, n.layer ?? computed!.get(n.id)!]));
  const minLayer = Math.min(0, ...layerOf.values());
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const columns = new Map<number, string[]>();
  for (const n of nodes) {
    const l = layerOf.get(n.id)! - minLayer;
    columns.get(l)?.push(n.id) ?? columns.set(l, [n.id]);
  }
  const order = [...columns.keys()].sort((a, b) => a - b);
  for (const l of order) {
    columns.get(l)!.sort((a, b) => compare(byId.get(a)!.group, byId.get(b)!.group) || compare(a, b));
  }
  const neighbours = new Map<string, string[]>();
  for (const e of edges) {
    if (!byId.has(e.from) || !byId.has(e.to)) continue;
    neighbours.get(e.from)?.push(e.to) ?? neighbours.set(e.from, [e.to]);
    neighbours.get(e.to)?.push(e.from) ?? neighbours.set(e.to, [e.from]);
  }
  const row = new Map<string, number>();
  const number = () => {
    for (const l of order) for (const [i, id] of columns.get(l)!.entries()) row.set(id, i);
  };
  number();
  // Barycentre sweeps, left to right then right to left; a node with no placed neighbour keeps its row.
  const sweep = (sequence: readonly number[]) => {
    for (const l of sequence) {
      const column = columns.get(l)!;
      const key = new Map(
        column.map((id) => {
          const rows = (neighbours.get(id) ?? [])
            .filter((n) => layerOf.get(n)! - minLayer !== l)
            .map((n) => row.get(n)!);
          return [id, rows.length > 0 ? rows.reduce((a, b) => a + b, 0) / rows.length : row.get(id)!];
        }),
      );
      // Domains stay in blocks (a domain filter then shows one compact area); the barycentre orders within each.
      column.sort(
        (a, b) =>
          compare(byId.get(a)!.group, byId.get(b)!.group) ||
          key.get(a)! - key.get(b)! ||
          row.get(a)! - row.get(b)!,
      );
      for (const [i, id] of column.entries()) row.set(id, i);
    }
  };
  for (let i = 0; i < 2; i++) {
    sweep(order);
    sweep([...order].reverse());
  }
  number();

  const step = NODE.height + NODE.rowGap;
  const x = (column: number) => NODE.margin + column * (NODE.width + NODE.columnGap);
  const width = 2 * NODE.margin + order.length * NODE.width + Math.max(0, order.length - 1) * NODE.columnGap;
  const placed = new Map<string, Placed>();
  if (options.bands) {
    const bands: { group: string; y: number; height: number }[] = [];
    const groups = [...new Set(nodes.map((n) => n.group))].sort(compare);
    let top = NODE.margin;
    for (const group of groups) {
      let rows = 0;
      order.forEach((l, column) => {
        const ids = columns.get(l)!.filter((id) => byId.get(id)!.group === group);
        ids.forEach((id, i) => {
          placed.set(id, { id, layer: l + minLayer, x: x(column), y: top + NODE.bandLabel + i * step });
        });
        rows = Math.max(rows, ids.length);
      });
      const height = NODE.bandLabel + rows * step;
      bands.push({ group, y: top, height });
      top += height + NODE.rowGap;
    }
    return { width, height: top + NODE.margin, nodes: placed, bands, edges: edgePaths(edges, placed) };
  }
  const tallest = Math.max(1, ...order.map((l) => columns.get(l)!.length));
  order.forEach((l, column) => {
    const ids = columns.get(l)!;
    // Short columns are centred against the tallest, so their edges fan out evenly.
    const offset = ((tallest - ids.length) * step) / 2;
    ids.forEach((id, i) => {
      placed.set(id, {
        id,
        layer: l + minLayer,
        x: x(column),
        y: NODE.margin + offset + i * step,
      });
    });
  });
  const height = 2 * NODE.margin + tallest * step - NODE.rowGap;
  return { width, height, nodes: placed, bands: [], edges: edgePaths(edges, placed) };
}

function edgePaths(edges: readonly LayoutEdge[], placed: ReadonlyMap<string, Placed>): Layout["edges"] {
  return edges.flatMap((e) => {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) return [];
    const x1 = a.x + NODE.width;
    const y1 = a.y + NODE.height / 2;
    const x2 = b.x;
    const y2 = b.y + NODE.height / 2;
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    return [{ from: e.from, to: e.to, d: `M${x1} ${y1}C${x1 + bend} ${y1} ${x2 - bend} ${y2} ${x2} ${y2}` }];
  });
}
