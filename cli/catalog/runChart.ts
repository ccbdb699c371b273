/**
 * A product's runs as small bar charts, drawn when the site is built: rows out per run, and records
 * quarantined per run, each on its own scale (a few quarantined records would not show beside
 * thousands of rows). Inline SVG with no script and no style attribute (the page's CSP allows
 * neither): each bar has a <title> a reader hovers or a screen reader reads, and the figures are
 * also a plain table beside the charts.
 */
import type { RunPoint } from "../../components/history/quarantineTrend.js";
import { timeText } from "../status/format.js";
import { type Html, html } from "./html.js";

const WIDTH = 480;
const HEIGHT = 120;
/** Room for the scale's figure on the left and the axis at the bottom. */
const LEFT = 56;
const BOTTOM = 6;
const TOP = 8;
const GAP = 3;

export interface ChartSeries {
  /** What a bar counts, singular and plural: `row out`, `rows out`. */
  readonly noun: readonly [string, string];
  readonly className: string;
  readonly value: (run: RunPoint) => number;
}

export const ROWS_OUT: ChartSeries = {
  noun: ["row out", "rows out"],
  className: "rows-out",
  value: (r) => r.rowsOut,
};

export const QUARANTINED: ChartSeries = {
  noun: ["record quarantined", "records quarantined"],
  className: "quarantined",
  value: (r) => r.quarantined,
};

const count = (n: number, [one, many]: readonly [string, string]) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** A bar's tooltip: which run, when, its outcome and its figure. */
export const barTitle = (run: RunPoint, series: ChartSeries) =>
  `${timeText(run.endedAt)} (${run.outcome}, ${run.runId}): ${count(series.value(run), series.noun)}`;

/** One chart of `series` over `runs` (oldest first): a bar per run, failed runs marked. */
export function runChart(runs: readonly RunPoint[], series: ChartSeries): Html {
  const max = Math.max(0, ...runs.map(series.value));
  const plot = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / Math.max(runs.length, 1);
  const barWidth = Math.max(1, slot - GAP);
  const base = HEIGHT - BOTTOM;
  const bars = runs.map((run, i) => {
    const value = series.value(run);
    // A zero is a hairline on the axis, so every run keeps a bar to hover.
    const height = max > 0 ? Math.max(1, Math.round((value / max) * plot)) : 1;
    const x = Math.round((LEFT + i * slot) * 10) / 10;
    const classes = ["bar", run.outcome, ...(value === 0 ? ["zero"] : [])].join(" ");
    return html`<rect class="${classes}" x="${x}" y="${base - height}" width="${Math.round(barWidth * 10) / 10}" height="${height}"><title>${barTitle(run, series)}</title></rect>`;
  });
  const label = `${series.noun[1][0]!.toUpperCase()}${series.noun[1].slice(1)} per run, the last ${runs.length} runs, oldest first`;
  return html`<svg class="run-chart ${series.className}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${label}">
<title>${label}</title>
<line class="axis" x1="${LEFT - 4}" y1="${base + 0.5}" x2="${WIDTH}" y2="${base + 0.5}"></line>
<text class="scale" x="${LEFT - 8}" y="${TOP + 10}" text-anchor="end">${max.toLocaleString("en-US")}</text>
<text class="scale" x="${LEFT - 8}" y="${base}" text-anchor="end">0</text>
<g class="bars">${bars}</g>
</svg>`;
}

/** The same figures as a table, for readers the charts do not serve. */
export function runTable(runs: readonly RunPoint[]): Html {
  const rows = [...runs]
    .reverse()
    .map(
      (r) =>
        html`<tr class="${r.outcome}"><td>${timeText(r.endedAt)}</td><td><code>${r.runId}</code></td><td>${r.outcome}</td><td>${r.rowsIn.toLocaleString("en-US")}</td><td>${r.rowsOut.toLocaleString("en-US")}</td><td>${r.quarantined.toLocaleString("en-US")}</td></tr>`,
    );
  return html`<table class="runs">
<thead><tr><th>Ended</th><th>Run</th><th>Outcome</th><th>Records read</th><th>Rows out</th><th>Quarantined</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}
