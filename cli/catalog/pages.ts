/** The catalog's pages: the mesh at a glance (index.html) and one page per product version. */
import { type Html, html, page } from "./html.js";
import { lineageDiagram, productNodeId } from "./lineage.js";
import type { CatalogModel, DomainView, FieldView, InputView, ProductView } from "./model.js";

/** Where the page's assets are, from the site root; the site writes exactly these. */
export const SCRIPTS = ["assets/mermaid.min.js", "assets/catalog.js"] as const;

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
        i.purpose ? html` — ${i.purpose}` : ""
      }</li>`,
  )}</ul>`;
}

function domainSection(d: DomainView): Html {
  const rows = d.products.map(
    (p) => html`<tr${p.piiFields.length > 0 ? html` class="pii"` : ""}>
<td><a href="${p.page}">${p.product}</a>${p.supersededBy !== undefined ? html` <span class="version">v${p.major}</span>` : ""}${p.piiFields.length > 0 ? html` ${piiBadge(`Personal data: ${p.piiFields.join(", ")}`)}` : ""}<div class="grain">${p.description}</div></td>
<td>${p.version}</td>
<td>${statusBadge(p)}${p.supersededBy !== undefined ? html` ${badge("superseded", "superseded")}` : ""}</td>
<td>${classificationBadge(p)}</td>
<td>${p.freshness}</td>
<td>${p.consumers.length > 0 ? p.consumers.map((c) => c.domain).join(", ") : html`<span class="none">none</span>`}</td>
</tr>`,
  );
  return html`<section class="domain" id="${domainAnchor(d.name)}">
<h3>${d.name}</h3>
<p class="owner">Owned by ${mailto(d.owner)}</p>
<p>${d.description}</p>
<table class="products">
<thead><tr><th>Product</th><th>Version</th><th>Status</th><th>Classification</th><th>Freshness SLO</th><th>Consumers</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${d.inputs.length > 0 ? html`<p class="consumes-heading">Consumes:</p>${inputList(d.inputs, "")}` : ""}
</section>
`;
}

export function indexHtml(model: CatalogModel): string {
  const pii = model.products.filter((p) => p.piiFields.length > 0).length;
  // Graph node → product page, for catalog.js to make the nodes links.
  const links = JSON.stringify(Object.fromEntries(model.products.map((p) => [productNodeId(p), p.page])));
  const body = html`<h1>Data mesh catalog</h1>
<p class="summary">${model.domains.length} domains, ${model.products.length} data products (${pii} holding personal data), ${model.edges.length} lineage edges.</p>
<section id="lineage">
<h2>Lineage</h2>
<figure class="graph">
<pre class="mermaid" id="lineage-graph" data-links="${links}">${lineageDiagram(model)}</pre>
<figcaption>Arrows run from a product to the products built from it, labelled with the major version read. <span class="legend-pii">Red</span> products hold personal data (PII); dashed ones are deprecated, retired or superseded.</figcaption>
</figure>
<noscript><p class="none">The lineage graph needs JavaScript; each domain below lists what it consumes.</p></noscript>
</section>
<section id="domains">
<h2>Domains</h2>
${model.domains.map(domainSection)}
</section>`;
  return page({ title: "Data mesh catalog", root: "", body, scripts: SCRIPTS });
}

const check = (on: boolean, what: string) =>
  on ? html`<span class="yes" title="${what}">✓ yes</span>` : html`<span class="no">—</span>`;

function fieldRow(f: FieldView): Html {
  return html`<tr${f.pii ? html` class="pii"` : ""}>
<th scope="row"><code>${f.name}</code>${f.pii ? html` ${piiBadge("Personal data")}` : ""}</th>
<td><code>${f.type}</code></td>
<td>${check(f.required, "never null")}</td>
<td>${check(f.unique, "no two rows share a value")}</td>
<td>${f.accepted ? f.accepted.map((v, i) => html`${i > 0 ? ", " : ""}<code>${String(v)}</code>`) : ""}</td>
<td>${f.range ?? ""}</td>
<td>${f.description}</td>
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

export function productHtml(p: ProductView): string {
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
<h2>Schema</h2>
${piiNote}
<table class="schema">
<thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Unique</th><th>Accepted values</th><th>Range</th><th>Description</th></tr></thead>
<tbody>
${p.fields.map(fieldRow)}
</tbody>
</table>
<h2>Quality rules</h2>
${p.quality.length > 0 ? html`<ul>${p.quality.map((q) => html`<li>${q}</li>`)}</ul>` : html`<p class="none">None declared.</p>`}
<h2>Lineage</h2>
<h3>Consumed by</h3>
${
  p.consumers.length > 0
    ? html`<ul class="lineage-list">${p.consumers.map(
        (c) =>
          html`<li><a href="${root}index.html#${domainAnchor(c.domain)}">${c.domain}</a>${c.purpose ? html` — ${c.purpose}` : ""}</li>`,
      )}</ul>`
    : html`<p class="none">No domain consumes this version yet.</p>`
}
<h3>Built from</h3>
<p class="hint">What the ${p.domain} domain consumes.</p>
${inputList(p.inputs, root)}
<h2>Physical names</h2>
<table class="physical">
<thead><tr><th>Environment</th><th>Kafka topic</th><th>Dead-letter topic</th><th>Glue table</th><th>Location</th></tr></thead>
<tbody>
${p.physical.map(
  (n) =>
    html`<tr><td>${n.environment}</td><td>${n.topic ? html`<code>${n.topic}</code>` : "—"}</td><td>${n.deadLetterTopic ? html`<code>${n.deadLetterTopic}</code>` : "—"}</td><td><code>${n.glueTable}</code></td><td><code>${n.location}</code></td></tr>`,
)}
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
