/** The catalog's static assets: its stylesheet, its one script, and where the bundled mermaid comes from. */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** mermaid's self-contained browser build (an IIFE that defines `globalThis.mermaid`). */
export function mermaidBundle(): { script: string; license?: string } {
  const script = createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");
  const license = join(dirname(script), "..", "LICENSE");
  return existsSync(license) ? { script, license } : { script };
}

/**
 * Renders the lineage graph with the bundled mermaid, then makes each product node a link to its
 * page. Sets `data-lineage` on <html> to "rendered" or "failed", for people and tests alike.
 */
export const CATALOG_JS = `"use strict";
(function () {
  var root = document.documentElement;
  var graph = document.getElementById("lineage-graph");
  if (!graph) return;
  if (typeof mermaid === "undefined") {
    root.setAttribute("data-lineage", "failed");
    console.error("lineage graph: assets/mermaid.min.js did not load");
    return;
  }
  var links = JSON.parse(graph.getAttribute("data-links") || "{}");
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    theme: "neutral",
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
    flowchart: { useMaxWidth: true, curve: "basis" },
  });
  mermaid.run({ nodes: [graph] }).then(
    function () {
      graph.querySelectorAll("g.node").forEach(function (node) {
        // mermaid names a node's element "<svg id>-flowchart-<node id>-<n>"
        var match = /-flowchart-([A-Za-z0-9_]+)-[0-9]+$/.exec(node.id);
        var id = match && match[1];
        var href = id && Object.prototype.hasOwnProperty.call(links, id) ? links[id] : undefined;
        if (!href) return;
        var a = document.createElementNS("http://www.w3.org/2000/svg", "a");
        a.setAttribute("href", href);
        a.setAttribute("class", "node-link");
        node.parentNode.insertBefore(a, node);
        a.appendChild(node);
      });
      root.setAttribute("data-lineage", "rendered");
    },
    function (error) {
      root.setAttribute("data-lineage", "failed");
      console.error("lineage graph:", error);
    },
  );
})();
`;

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
figure.graph { margin: 0; padding: 1rem; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); overflow-x: auto; }
figure.graph pre.mermaid { margin: 0; white-space: pre-wrap; }
figure.graph svg { display: block; margin: 0 auto; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.85rem; margin-top: 0.6rem; }
a.node-link { cursor: pointer; }
ul.lineage-list { padding-left: 1.2rem; }
pre.json { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem; overflow-x: auto; }
details summary { cursor: pointer; color: var(--accent); }
`;
