import { describe, expect, it } from "vitest";
import { fieldHtml } from "../../cli/catalog/fieldPage.js";
import { CONTENT_SECURITY_POLICY, escapeHtml, html, trusted } from "../../cli/catalog/html.js";
import { buildCatalog } from "../../cli/catalog/model.js";
import { indexHtml, lineageHtml, productHtml } from "../../cli/catalog/pages.js";
import { searchIndexScript } from "../../cli/catalog/search.js";
import { hostileMesh, PAYLOADS, unvalidatedHostileMesh } from "./fixtures.js";

/** Every page of a mesh's catalog. */
function pages(model: ReturnType<typeof buildCatalog>): string[] {
  return [
    indexHtml(model),
    ...model.products.map((p) => productHtml(p, model)),
    ...model.products.flatMap((p) => p.fields.map((f) => fieldHtml(p, f))),
    lineageHtml(model),
  ];
}

/** The markup a page would have if no declaration text were in it: tags written by the templates. */
const TAGS_WE_WRITE = new Set(
  "html head meta title link body header main section h1 h2 h3 p figure pre figcaption span noscript table thead tbody tr th td a div ul ol li nav dl dt dd code details summary script form input select option button svg defs marker path g rect text".split(
    " ",
  ),
);

describe("escapeHtml and the html template", () => {
  it("escapes the five characters that matter in text and quoted attributes", () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
    );
  });

  it("escapes every interpolated value, including inside lists, but not nested templates", () => {
    const evil = PAYLOADS.img;
    const out = html`<p title="${evil}">${evil}${[evil, html`<b>${evil}</b>`]}${trusted("<hr>")}</p>`;
    expect(out.value).toBe(
      `<p title="${escapeHtml(evil)}">${escapeHtml(evil)}${escapeHtml(evil)}<b>${escapeHtml(evil)}</b><hr></p>`,
    );
    expect(out.value).not.toContain("<img");
  });

  it("renders nothing for null, undefined and false, and numbers as text", () => {
    expect(html`${null}${undefined}${false}${0}${1.5}`.value).toBe("01.5");
  });
});

describe("catalog pages with hostile declarations", () => {
  for (const [name, mesh] of [
    ["a valid mesh with hostile free text", hostileMesh()],
    ["an unvalidated mesh with hostile names", unvalidatedHostileMesh()],
  ] as const) {
    it(`keep ${name} as text`, () => {
      const model = buildCatalog(mesh);
      for (const page of pages(model)) {
        // No payload survives as markup: no tag but ours, no event handler attribute.
        const tags = [...page.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());
        expect(tags.filter((t) => !TAGS_WE_WRITE.has(t))).toEqual([]);
        // Inside our tags (attribute values blanked: a quote in data is &quot;), no event handler.
        const tagsText = [...page.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0].replace(/"[^"]*"/g, '""'));
        expect(tagsText.filter((t) => /\son[a-z]+\s*=/i.test(t))).toEqual([]);
        expect(page).not.toContain("window.__pwned='script'</script>");
        // Scripts only ever come from the site's own files.
        for (const script of page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
          expect(script[1]).toMatch(/^ src="(\.\.\/)?assets\/[a-z.-]+\.js"$/);
          expect(script[2]).toBe("");
        }
      }
      const [index, product] = pages(model) as [string, string];
      expect(index).toContain(escapeHtml(PAYLOADS.img));
      expect(product).toContain(escapeHtml(PAYLOADS.img)); // the description
      expect(product).toContain(escapeHtml(PAYLOADS.attribute)); // a field description
      expect(product).toContain(escapeHtml(PAYLOADS.script)); // the terms
    });
  }

  it("draws the graphs with names as SVG text: escaped, in <title> and <text> only", () => {
    const model = buildCatalog(unvalidatedHostileMesh());
    const graph = /<svg [\s\S]*?<\/svg>/.exec(lineageHtml(model))![0];
    const name = `../p"ay]load<img src=x onerror=alert(1)>`;
    expect(graph).toContain(`data-id="${escapeHtml(`e"v<i>l.${name}.v3`)}"`);
    expect(graph).not.toContain("<img");
    expect(graph).toContain(`<text x="10" y="18" class="name">${escapeHtml(`${name.slice(0, 25)}…`)}</text>`);
  });

  it("writes the search index as data a script element cannot be broken out of", () => {
    const script = searchIndexScript(buildCatalog(hostileMesh()));
    expect(script).not.toContain("<");
    const json = /^"use strict";\nvar MESH_SEARCH_INDEX = (.*);\n$/s.exec(script)![1]!;
    expect(JSON.parse(json)[0].s).toBe(PAYLOADS.img);
  });

  it("gives every page the Content-Security-Policy and no inline script", () => {
    for (const page of pages(buildCatalog(hostileMesh()))) {
      expect(page).toContain(
        `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">`,
      );
      expect(page).not.toMatch(/<script>/);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:/);
  });
});
