/**
 * Safe HTML by construction: the `html` tagged template escapes every interpolated value unless it
 * is itself {@link Html} made by `html` (or a trusted constant wrapped in {@link trusted}). Pages are
 * built only from these templates, so text from a declaration can never become markup.
 */

/** A fragment of markup that is already safe to emit as is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** What templates accept: text (escaped), fragments, lists of either; nullish and `false` render nothing. */
export type Renderable = Html | string | number | boolean | null | undefined | readonly Renderable[];

function render(value: Renderable): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

/** Markup template: `html\`<td>${text}</td>\`` escapes `text`. Attribute values must be double-quoted. */
export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Wraps markup written in this program (never data) so templates emit it unescaped. */
export const trusted = (markup: string): Html => new Html(markup);

/** Marker written into every page; a directory whose index.html carries it is a catalog we may replace. */
export const GENERATOR = "mesh catalog";

/**
 * No inline script or style, no network: scripts and styles only from the site itself. The graphs
 * are SVG drawn at build time and styled by the stylesheet, so no style attribute is needed either.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

export interface PageOptions {
  readonly title: string;
  /** Path from the page back to the site root: "" or "../". */
  readonly root: string;
  readonly body: Html;
  /** Scripts of the site (paths from its root), loaded in order at the end of the body. */
  readonly scripts?: readonly string[];
}

/** A complete document: charset, CSP, stylesheet, header with the way home. */
export function page({ title, root, body, scripts = [] }: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${GENERATOR}">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${title}</title>
<link rel="stylesheet" href="${root}assets/catalog.css">
</head>
<body>
<header class="site"><a href="${root}index.html">Data mesh catalog</a></header>
<main>
${body}
</main>
${scripts.map((src) => html`<script src="${root}${src}"></script>\n`)}</body>
</html>
`.value;
}
