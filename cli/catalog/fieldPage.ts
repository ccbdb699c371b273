/**
 * Column lineage on the catalog's pages: each field's sources in its product's schema table, and a
 * page per field with where it comes from and every use of it downstream across the mesh.
 */
import { STAGING_INPUT } from "../../components/declaration/lineage.js";
import type { FieldSourceView, FieldUseView } from "./columns.js";
import { type Html, html, page } from "./html.js";
import type { FieldView, ProductView } from "./model.js";

/** How a value is derived, in words a reader of the catalog knows. */
const KIND_TEXT: Record<FieldSourceView["kind"], string> = {
  direct: "as is",
  transformed: "computed",
  aggregated: "aggregated",
  filtered: "filters rows",
};

const kindText = (s: Pick<FieldSourceView, "kind" | "deidentified">) =>
  `${KIND_TEXT[s.kind]}${s.deidentified ? ", de-identified" : ""}`;

/** `orders.orders.v1 · amount`, linked to the source field's page when the catalog has it. */
function sourceRef(s: FieldSourceView, root: string): Html {
  const name =
    s.input === STAGING_INPUT
      ? html`raw records · <code>${s.column}</code>`
      : html`${s.input} · <code>${s.column}</code>`;
  return s.page ? html`<a href="${root}${s.page}">${name}</a>` : name;
}

/** The values' sources only: filter reads are listed on the field's page. */
export function sourcesCell(f: FieldView, root: string): Html | string {
  const sources = f.lineage?.sources;
  if (sources === undefined) return html`<span class="none">not recorded</span>`;
  const values = sources.filter((s) => s.kind !== "filtered");
  if (values.length === 0) return html`<span class="none">no input column</span>`;
  return html`<ul class="sources">${values.map((s) => html`<li>${sourceRef(s, root)} <span class="hint">(${kindText(s)})</span></li>`)}</ul>`;
}

/** The field's name in its product's schema table, linked to its page. */
export const fieldLink = (f: FieldView, root: string): Html =>
  f.lineage
    ? html`<a href="${root}${f.lineage.page}"><code>${f.name}</code></a>`
    : html`<code>${f.name}</code>`;

function sourceList(sources: readonly FieldSourceView[] | undefined, root: string): Html {
  if (sources === undefined)
    return html`<p class="none">Not recorded: this version was published before the mesh recorded column lineage.</p>`;
  if (sources.length === 0)
    return html`<p class="none">No input column: a constant, or a count of rows (<code>count(*)</code>).</p>`;
  return html`<table class="field-sources">
<thead><tr><th>Input column</th><th>How</th></tr></thead>
<tbody>
${sources.map((s) => html`<tr><td>${sourceRef(s, root)}</td><td>${kindText(s)}</td></tr>`)}
</tbody>
</table>`;
}

function useList(uses: readonly FieldUseView[], root: string): Html {
  if (uses.length === 0) return html`<p class="none">No product of the mesh reads this field yet.</p>`;
  return html`<table class="field-uses">
<thead><tr><th>Field</th><th>How</th><th>Through</th></tr></thead>
<tbody>
${uses.map(
  (u) =>
    html`<tr><td><a href="${root}${u.page}">${u.product} · <code>${u.column}</code></a></td><td>${kindText(u)}</td><td>${u.via ?? "reads it directly"}</td></tr>`,
)}
</tbody>
</table>`;
}

/** A field's page: what it is, where its values come from, and every use downstream. */
export function fieldHtml(p: ProductView, f: FieldView): string {
  const root = "../";
  const lineage = f.lineage;
  const body = html`<nav class="crumbs"><a href="${root}index.html">Catalog</a> › <a href="${root}${p.page}">${p.id}</a> › ${f.name}</nav>
<h1><code>${f.name}</code> <span class="version">${p.id}</span></h1>
<p class="lead">${f.description}</p>
<dl class="facts">
<dt>Type</dt><dd><code>${f.type}</code></dd>
<dt>Required</dt><dd>${f.required ? "yes: never null" : "no"}</dd>
<dt>Personal data</dt><dd>${f.pii ? html`<span class="badge pii">PII</span> only domains admitted to ${p.id}'s PII read it` : "no"}</dd>
<dt>Product</dt><dd><a href="${root}${p.page}">${p.domain}/${p.product} v${p.version}</a> (${p.classification})</dd>
</dl>
<h2>Comes from</h2>
<p class="hint">The input columns its values are derived from, and the ones that decide which rows appear, from the product's SQL as the plan bound it.</p>
${sourceList(lineage?.sources, root)}
<h2>Used downstream</h2>
<p class="hint">Every field of the mesh built from this one, at any remove: nearest first.</p>
${useList(lineage?.uses ?? [], root)}`;
  return page({ title: `${p.id}.${f.name} — data mesh catalog`, root, body });
}
