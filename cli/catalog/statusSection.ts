/**
 * A product page's status: its last run, SLO attainment over 7 and 30 days, the checks its last run
 * failed, its quarantine trend and a chart of rows out and records quarantined per run — the figures
 * of `mesh status` (components/history/productStatus.ts), in the same words (cli/status/format.ts).
 * A catalog built without a run history says so.
 */

import type { WindowAttainment } from "../../components/history/attainment.js";
import { type ProductStatus, productStatus } from "../../components/history/productStatus.js";
import type { RunRecord } from "../../components/history/runRecord.js";
import { publishedError } from "../../components/publishedError.js";
import {
  availabilityTargetText,
  checkText,
  freshnessTargetText,
  lastRunText,
  percentText,
  quarantineText,
  timeText,
} from "../status/format.js";
import { type Html, html } from "./html.js";
import type { CatalogHistory, CatalogModel, ProductView } from "./model.js";
import { QUARANTINED, ROWS_OUT, runChart, runTable } from "./runChart.js";

/** Each catalogued product's status from `records`, as of `now`. */
export function catalogHistory(
  model: CatalogModel,
  records: readonly RunRecord[],
  now: Date,
): CatalogHistory {
  const slos = (p: ProductView) => ({
    freshness: p.freshness,
    ...(p.availability !== undefined ? { availability: p.availability } : {}),
  });
  return {
    asOf: now.toISOString(),
    products: new Map(model.products.map((p) => [p.id, productStatus(p.id, slos(p), records, now)])),
  };
}

function verdict(a: { readonly met?: boolean }): Html | string {
  if (a.met === undefined) return "";
  return a.met ? html` <span class="badge met">met</span>` : html` <span class="badge missed">missed</span>`;
}

function attainmentCell(a: WindowAttainment["freshness"] | WindowAttainment["availability"]): Html {
  const runs = "runs" in a ? html` <span class="hint">(${a.runs} runs)</span>` : "";
  if ("runs" in a && a.runs === 0) return html`<td class="none">no runs</td>`;
  return html`<td>${percentText(a.percent)}${verdict(a)}${runs}</td>`;
}

function attainmentTable(s: ProductStatus): Html {
  return html`<table class="attainment">
<thead><tr><th></th>${s.windows.map((w) => html`<th>Last ${w.days} days</th>`)}<th>Target</th></tr></thead>
<tbody>
<tr><th scope="row">Freshness</th>${s.windows.map((w) => attainmentCell(w.freshness))}<td>${freshnessTargetText(s)}</td></tr>
<tr><th scope="row">Availability</th>${s.windows.map((w) => attainmentCell(w.availability))}<td>${availabilityTargetText(s)}</td></tr>
</tbody>
</table>`;
}

/** The index's "Last run" cell of a product: its outcome and when, linked to its status; none without a history. */
export function lastRunCell(p: ProductView, model: CatalogModel): Html | string {
  if (!model.history) return "";
  const last = model.history.products.get(p.id)?.lastRun;
  if (!last) return html`<td class="none">no runs yet</td>`;
  return html`<td><a class="last-run ${last.outcome}" href="${p.page}#status">${last.outcome}</a> <span class="hint">${timeText(last.endedAt)}</span></td>`;
}

/** A run as every domain may read it: its error's kind, never its text (components/publishedError.ts). */
const published = (run: RunRecord): RunRecord =>
  run.error === undefined ? run : { ...run, error: publishedError(run.error) };

/** The section, or why there is none. */
export function statusSection(p: ProductView, model: CatalogModel): Html {
  const heading = html`<h2 id="status">Status</h2>`;
  if (!model.history) {
    return html`${heading}
<p class="none">No run history: the catalog was built without one (<code>mesh catalog --history DIR</code>, the folder <code>mesh run --out</code> wrote, shows runs and SLO attainment).</p>`;
  }
  const s = model.history.products.get(p.id);
  if (!s?.lastRun) {
    return html`${heading}
<p class="none">No runs yet, as of ${timeText(model.history.asOf)}.</p>`;
  }
  const failing = s.failingChecks;
  const runs = s.quarantine.runs;
  return html`${heading}
<p class="hint">As of ${timeText(model.history.asOf)}, from ${s.runs} recorded runs.</p>
<dl class="facts status">
<dt>Last run</dt><dd class="last-run ${s.lastRun.outcome}">${lastRunText(published(s.lastRun))}</dd>
<dt>Failing checks</dt><dd>${failing.length > 0 ? html`<ul class="failing">${failing.map((c) => html`<li><code>${checkText(c)}</code></li>`)}</ul>` : "none"}</dd>
<dt>Quarantine</dt><dd>${quarantineText(s.quarantine)}</dd>
</dl>
<h3>SLO attainment</h3>
${attainmentTable(s)}
<h3>Runs</h3>
<figure class="runs-chart">
${runChart(runs, ROWS_OUT)}
${runChart(runs, QUARANTINED)}
<figcaption>Rows out (top) and records quarantined (bottom) per run, the last ${runs.length} runs, oldest on the left; <span class="legend-failed">failed runs</span> are marked. Hover a bar for its run.</figcaption>
</figure>
<details><summary>The runs as a table</summary>
${runTable(runs)}
</details>`;
}
