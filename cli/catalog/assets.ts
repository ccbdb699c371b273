/**
 * The catalog's stylesheet. Graph text has fixed pixel sizes and graphs are drawn at 1:1 unless the
 * reader zooms, so names stay legible whatever the size of the mesh.
 */
export { CATALOG_JS } from "./scripts.js";

export const CATALOG_CSS = `:root {
  --fg: #1d2125;
  --muted: #5b6670;
  --line: #dde2e6;
  --bg: #ffffff;
  --panel: #f6f8fa;
  --accent: #0b5cad;
  --pii: #b3261e;
  --pii-bg: #fdecea;
  color-scheme: light;
}
* { box-sizing: border-box; }
body {
  margin: 0;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--fg);
  background: var(--bg);
}
header.site { background: #14324f; padding: 0.6rem 1.5rem; }
header.site a { color: #fff; font-weight: 600; text-decoration: none; letter-spacing: 0.02em; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.7rem; margin: 0.8rem 0 0.3rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.88em; }
td code { overflow-wrap: anywhere; }
.summary, .hint, .owner, .none, .crumbs { color: var(--muted); }
.lead { font-size: 1.1rem; }
.version { color: var(--muted); font-weight: normal; font-size: 0.8em; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--panel); font-size: 0.85rem; color: var(--muted); font-weight: 600; }
tr.pii { background: var(--pii-bg); }
.grain { color: var(--muted); font-size: 0.9rem; }
.domain { border: 1px solid var(--line); border-radius: 8px; padding: 0.2rem 1rem 0.6rem; margin: 1rem 0; }
.domain h3 { font-size: 1.2rem; }
.badge {
  display: inline-block; padding: 0.05rem 0.45rem; border-radius: 999px; font-size: 0.78rem;
  font-weight: 600; border: 1px solid var(--line); background: var(--panel); white-space: nowrap;
}
.badge.pii { color: #fff; background: var(--pii); border-color: var(--pii); }
.badge.status-active { color: #1b5e20; background: #e8f5e9; border-color: #a5d6a7; }
.badge.status-draft { color: #5d4037; background: #fff8e1; border-color: #ffe082; }
.badge.status-deprecated, .badge.status-retired { color: #7a4d00; background: #fff3e0; border-color: #ffb74d; }
.badge.class-confidential, .badge.class-restricted { color: #6a1b9a; background: #f3e5f5; border-color: #ce93d8; }
.badge.superseded { color: #7a4d00; background: #fff3e0; border-color: #ffb74d; }
.superseded { border-left: 4px solid #ffb74d; background: #fff8ec; padding: 0.5rem 0.8rem; }
.pii-note { border-left: 4px solid var(--pii); background: var(--pii-bg); padding: 0.5rem 0.8rem; }
.legend-pii { color: var(--pii); font-weight: 600; }
.yes { color: #1b5e20; }
.no { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.2rem; margin: 1rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
figure.graph { margin: 0; }
.graph-box { border: 1px solid var(--line); border-radius: 8px; background: var(--panel); overflow: auto; max-height: 80vh; }
.graph-box svg { display: block; max-width: none; }
.graph-box.interactive { height: 75vh; max-height: none; overflow: hidden; cursor: grab; touch-action: none; }
.graph-box.interactive:active { cursor: grabbing; }
figcaption { color: var(--muted); font-size: 0.85rem; margin-top: 0.6rem; }
svg.lineage .edges path { fill: none; stroke: #8a96a3; stroke-width: 1.5; marker-end: url(#arrow); }
svg.lineage #arrow path { fill: #8a96a3; stroke: none; }
svg.lineage .node rect { fill: #fff; stroke: #5b6670; stroke-width: 1.2; }
svg.lineage .node.pii rect { fill: var(--pii-bg); stroke: var(--pii); stroke-width: 2; }
svg.lineage .node.deprecated rect { stroke-dasharray: 5 4; }
svg.lineage .node.draft rect { stroke-dasharray: 2 3; }
svg.lineage .node.focus rect { stroke: var(--accent); stroke-width: 3; }
svg.lineage .node.more rect { fill: var(--panel); stroke-dasharray: 3 3; }
svg.lineage text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
svg.lineage text.name { font-size: 13px; font-weight: 600; fill: var(--fg); }
svg.lineage text.facts { font-size: 11px; fill: var(--muted); }
svg.lineage .node.pii text.facts { fill: var(--pii); }
svg.lineage a:hover rect, svg.lineage a:focus rect { stroke: var(--accent); stroke-width: 2.5; }
svg.lineage .dim { opacity: 0.12; }
svg.lineage .band rect { fill: #fff; stroke: var(--line); }
svg.lineage .band:nth-child(even) rect { fill: #eef2f5; }
svg.lineage .band text { font-size: 13px; font-weight: 600; fill: var(--muted); }
.controls { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0; }
.controls button, .controls select, .controls input { font: inherit; padding: 0.25rem 0.6rem; }
#search-input { flex: 1 1 20rem; }
ol.results { padding-left: 1.4rem; }
ol.results .why { color: var(--muted); font-size: 0.85rem; }
.versions a { margin-right: 0.6rem; }
.projection { display: block; color: var(--muted); font-size: 0.85rem; }
ul.lineage-list { padding-left: 1.2rem; }
ul.sources { list-style: none; padding: 0; margin: 0; }
pre.json { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem; overflow-x: auto; }
details summary { cursor: pointer; color: var(--accent); }
.badge.met { color: #1b5e20; background: #e8f5e9; border-color: #a5d6a7; }
.badge.missed { color: #fff; background: #b3261e; border-color: #b3261e; }
.last-run.failed, .legend-failed { color: var(--pii); font-weight: 600; }
table.attainment { width: auto; }
figure.runs-chart { margin: 0.4rem 0; }
svg.run-chart { display: block; max-width: 100%; height: auto; margin-bottom: 0.4rem; }
svg.run-chart .axis { stroke: #8a96a3; stroke-width: 1; }
svg.run-chart text.scale { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; fill: var(--muted); }
svg.run-chart.rows-out .bar { fill: var(--accent); }
svg.run-chart.quarantined .bar { fill: #e08a00; }
svg.run-chart .bar.zero { fill: #8a96a3; }
svg.run-chart .bar.failed { fill: var(--pii); }
svg.run-chart .bar:hover { opacity: 0.75; }
table.runs tr.failed td { color: var(--pii); }
`;
