/**
 * The catalog's pages: the mesh at a glance with search (index.html), the whole lineage graph
 * (lineage.html) and one page per product version with its neighbourhood graph.
 */
import { fieldLink, sourcesCell } from "./fieldPage.js";
import { type Html, html, page } from "./html.js";
import { meshGraph, neighbourhoodGraph } from "./lineage.js";
import type { CatalogModel, DomainView, FieldView, InputView, ProductView } from "./model.js";
import { SEARCH_INDEX_FILE } from "./search.js";
import { lastRunCell, statusSection } from "./statusSection.js";

/** Where the pages' scripts are, from the site root; the site writes exactly these. */
export const SCRIPTS = [SEARCH_INDEX_FILE, "assets/catalog.js"] as const;
export const LINEAGE_PAGE = "lineage.html";

const badge = (kind: string, text: string) => html`<span class="badge ${kind}">${text}</span>`;
const statusBadge = (p: ProductView) => badge(`status-${p.status}`, p.status);
const classificationBadge = (p: ProductView) => badge(`class-${p.classification}`, p.classification);
const piiBadge = (title: string) => html`<span class="badge pii" title="${title}">PII</span>`;

const supersededText = (p: ProductView) =>
  `Superseded${p.supersededBy ? ` by version ${p.supersededBy}` : ""}: this version keeps running while domains still consume it.`;
const domainAnchor = (name: string) => `domain-${name}`;
const mailto = (owner: ProductView["owner"]) =>
  html`${owner.team} <a href="mailto:${owner.email}">&lt;${owner.email}&gt;</a>`;

function inputList(inputs: readonly InputView[], root: string): Html {
  if (inputs.length === 0) return html`<p class="none">None: built from its own sources only.</p>`;
  return html`<ul class="lineage-list">${inputs.map(
    (i) =>
      html`<li>${i.page ? html`<a href="${root}${i.page}">${i.id}</a>` : html`<code>${i.id}</code>`}${
        i.redacted ? " (its PII-free projection)" : ""
      }${i.purpose ? html` — ${i.purpose}` : ""}</li>`,
  )}</ul>`;
}

function domainSection(d: DomainView, model: CatalogModel): Html {
  const rows = d.products.map(
    (p) => html`<tr${p.piiFields.length > 0 ? html` class="pii"` : ""}>
<td><a href="${p.page}">${p.product}</a>${p.supersededBy !== undefined || p.versions.length > 0 ? html` <span class="version">v${p.major}</span>` : ""}${p.piiFields.length > 0 ? html` ${piiBadge(`Personal data: ${p.piiFields.join(", ")}`)}` : ""}<div class="grain">${p.description}</div></td>
<td>${p.version}</td>
<td>${statusBadge(p)}${p.supersededBy !== undefined ? html` ${badge("superseded", "superseded")}` : ""}</td>
<td>${classificationBadge(p)}</td>
<td>${p.freshness}</td>
<td>${p.consumers.length > 0 ? p.consumers.map((c) => c.domain).join(", ") : html`<span class="none">none</span>`}</td>
${lastRunCell(p, model)}</tr>`,
  );
  return html`<section class="domain" id="${domainAnchor(d.name)}" data-domain="${d.name}">
<h3>${d.name}</h3>
<p class="owner">Owned by ${mailto(d.owner)}</p>
<p>${d.description}</p>
<table class="products">
<thead><tr><th>Product</th><th>Version</th><th>Status</th><th>Classification</th><th>Freshness SLO</th><th>Consumers</th>${model.history ? html`<th>Last run</th>` : ""}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
${d.inputs.length > 0 ? html`<p class="consumes-heading">Consumes:</p>${inputList(d.inputs, "")}` : ""}
</section>
`;
}

const domainOptions = (model: CatalogModel) =>
  html`<option value="">All domains</option>${model.domains.map((d) => html`<option value="${d.name}">${d.name}</option>`)}`;

export function indexHtml(model: CatalogModel): string {
  const pii = model.products.filter((p) => p.piiFields.length > 0).length;
  const body = html`<h1>Data mesh catalog</h1>
<p class="summary">${model.domains.length} domains, ${model.products.length} data products (${pii} holding personal data), ${model.edges.length} lineage edges. <a href="${LINEAGE_PAGE}">The whole lineage graph</a>.</p>
<section id="search">
<form id="search-form" class="controls" role="search" hidden>
<input id="search-input" type="search" placeholder="Search by product, field, owner or tag" aria-label="Search products" autocomplete="off">
<select id="domain-filter" aria-label="Domain">${domainOptions(model)}</select>
</form>
<p id="search-status" class="hint" aria-live="polite"></p>
<ol id="search-results" class="results"></ol>
<noscript><p class="none">Search needs JavaScript; every domain and product is listed below.</p></noscript>
</section>
<section id="domains">
<h2>Domains</h2>
${model.domains.map((d) => domainSection(d, model))}
</section>`;
  return page({ title: "Data mesh catalog", root: "", body, scripts: SCRIPTS });
}

/** The whole mesh's lineage: drawn at full size, zoomed and panned by catalog.js. */
export function lineageHtml(model: CatalogModel): string {
  const body = html`<nav class="crumbs"><a href="index.html">Catalog</a> › Lineage</nav>
<h1>Lineage of the mesh</h1>
<div id="graph-controls" class="controls" hidden>
<select id="graph-domain" aria-label="Show a domain">${domainOptions(model)}</select>
<button type="button" id="zoom-in" title="Zoom in">+</button>
<button type="button" id="zoom-out" title="Zoom out">−</button>
<button type="button" id="zoom-fit">Fit</button>
<button type="button" id="zoom-reset">100%</button>
<span id="graph-scale" class="hint"></span>
<span class="hint">Scroll to zoom, drag to pan.</span>
</div>
<figure class="graph">
<div class="graph-box" id="mesh-graph">${meshGraph(model)}</div>
<figcaption>Arrows run from a product to each product whose SQL reads it. <span class="legend-pii">Red</span> products hold personal data (PII); dashed ones are deprecated, retired or superseded. Choosing a domain shows its products and their direct neighbours. Each node links to its product's page.</figcaption>
</figure>`;
  return page({ title: "Lineage — data mesh catalog", root: "", body, scripts: ["assets/catalog.js"] });
}

const check = (on: boolean, what: string) =>
  on ? html`<span class="yes" title="${what}">✓ yes</span>` : html`<span class="no">—</span>`;

function fieldRow(f: FieldView, root: string): Html {
  return html`<tr${f.pii ? html` class="pii"` : ""}>
<th scope="row">${fieldLink(f, root)}${f.pii ? html` ${piiBadge("Personal data")}` : ""}</th>
<td><code>${f.type}</code></td>
<td>${check(f.required, "never null")}</td>
<td>${check(f.unique, "no two rows share a value")}</td>
<td>${f.accepted ? f.accepted.map((v, i) => html`${i > 0 ? ", " : ""}<code>${String(v)}</code>`) : ""}</td>
<td>${f.range ?? ""}</td>
<td>${f.description}</td>
<td>${sourcesCell(f, root)}</td>
</tr>`;
}

const fact = (term: string, value: Html | string) => html`<dt>${term}</dt><dd>${value}</dd>`;

/** Who the producer consents to serve, and why: its list, or its classification. */
function mayConsumeText(p: ProductView): string {
  const { everyDomain, domains } = p.allowedConsumers;
  if (everyDomain) return `every domain of the mesh (${p.classification}, no consumer list)`;
  const listed = domains.length > 0 ? domains.join(", ") : "no domain";
  return `${listed} (listed by the producer in access.consumers; no other domain may consume it)`;
}

/** Links to the product's other major versions (v1 ↔ v2), or nothing when it has one. */
function versionLinks(p: ProductView, root: string): Html | string {
  if (p.versions.length === 0) return "";
  return html`<p class="versions">Other versions: ${p.versions.map(
    (v) =>
      html`<a href="${root}${v.page}">v${v.major}</a> (${v.version}${v.superseded ? ", superseded" : ""}) `,
  )}</p>`;
}

function physicalRow(n: ProductView["physical"][number]): Html {
  const projection = (value: string) =>
    html`<span class="projection">PII-free projection: <code>${value}</code></span>`;
  return html`<tr><td>${n.environment}</td><td>${n.topic ? html`<code>${n.topic}</code>` : "—"}</td><td>${n.deadLetterTopic ? html`<code>${n.deadLetterTopic}</code>` : "—"}</td><td><code>${n.glueTable}</code>${n.projection ? projection(n.projection.glueTable) : ""}</td><td><code>${n.location}</code>${n.projection ? projection(n.projection.location) : ""}</td></tr>`;
}

/** A product's page; `model` gives its neighbourhood in the lineage. */
export function productHtml(p: ProductView, model: CatalogModel): string {
  const root = "../";
  const piiNote =
    p.piiFields.length > 0
      ? html`<p class="pii-note">${piiBadge("Personal data")} Personal data in ${p.piiFields.join(", ")}. Admitted to it: ${
          p.piiAdmitted.length > 0 ? p.piiAdmitted.join(", ") : "no consumer"
        }; other consumers read the table without these fields.</p>`
      : "";
  const body = html`<nav class="crumbs"><a href="${root}index.html">Catalog</a> › <a href="${root}index.html#${domainAnchor(p.domain)}">${p.domain}</a> › ${p.product} v${p.major}</nav>
<h1>${p.domain}/${p.product} <span class="version">v${p.version}</span></h1>
<p class="grain lead">${p.description}</p>
<p>${statusBadge(p)} ${classificationBadge(p)}${p.piiFields.length > 0 ? html` ${piiBadge("Holds personal data")}` : ""}</p>
${p.supersededBy !== undefined ? html`<p class="superseded">${supersededText(p)}</p>` : ""}
${versionLinks(p, root)}
<dl class="facts">
${fact("Owner", mailto(p.owner))}
${fact("Version", p.version)}
${fact("Status", p.status)}
${fact("Classification", p.classification)}
${fact("Freshness SLO", html`at most ${p.freshness} old`)}
${fact("Availability SLO", p.availability !== undefined ? `${p.availability}%` : "not declared")}
${fact("Schedule", html`<code>${p.schedule}</code> (cron, UTC)`)}
${fact("Terms of use", p.terms ?? "none declared")}
${fact("May consume", mayConsumeText(p))}
${fact("Consumed by", p.consumers.length > 0 ? p.consumers.map((c) => c.domain).join(", ") : "no domain yet")}
</dl>
${statusSection(p, model)}
<h2>Schema</h2>
${piiNote}
<table class="schema">
<thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Unique</th><th>Accepted values</th><th>Range</th><th>Description</th><th>Comes from</th></tr></thead>
<tbody>
${p.fields.map((f) => fieldRow(f, root))}
</tbody>
</table>
<h2>Quality rules</h2>
${p.quality.length > 0 ? html`<ul>${p.quality.map((q) => html`<li>${q}</li>`)}</ul>` : html`<p class="none">None declared.</p>`}
<h2>Lineage</h2>
<figure class="graph">
<div class="graph-box">${neighbourhoodGraph(model, p)}</div>
<figcaption>What this version's SQL reads and what reads it, two steps each way. <span class="legend-pii">Red</span> products hold personal data. <a href="${root}${LINEAGE_PAGE}">The whole mesh</a>.</figcaption>
</figure>
<h3>Read by</h3>
${
  p.readBy.length > 0
    ? html`<ul class="lineage-list">${p.readBy.map((r) => html`<li><a href="${root}${r.page}">${r.id}</a></li>`)}</ul>`
    : html`<p class="none">No product's SQL reads this version yet.</p>`
}
<h3>Consuming domains</h3>
${
  p.consumers.length > 0
    ? html`<ul class="lineage-list">${p.consumers.map(
        (c) =>
          html`<li><a href="${root}index.html#${domainAnchor(c.domain)}">${c.domain}</a>${c.purpose ? html` — ${c.purpose}` : ""}</li>`,
      )}</ul>`
    : html`<p class="none">No domain consumes this version yet.</p>`
}
<h3>Built from</h3>
<p class="hint">What its SQL reads, of what the ${p.domain} domain consumes.</p>
${inputList(p.inputs, root)}
<h2>Physical names</h2>
<table class="physical">
<thead><tr><th>Environment</th><th>Kafka topic</th><th>Dead-letter topic</th><th>Glue table</th><th>Location</th></tr></thead>
<tbody>
${p.physical.map(physicalRow)}
</tbody>
</table>
<h2>Message schema</h2>
${
  p.messageSchema
    ? html`<p>The JSON Schema (draft 2020-12) of one raw record on the topic: <a href="${root}${p.schemaFile}" download>${p.id}.schema.json</a></p>
<details><summary>Show the schema</summary><pre class="json">${JSON.stringify(p.messageSchema, null, 2)}</pre></details>`
    : html`<p class="none">No topic: the product is derived only from other products (ingestion: false).</p>`
}`;
  return page({ title: `${p.id} — data mesh catalog`, root, body });
}
