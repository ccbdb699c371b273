/**
 * An imported product as the text a domain team pastes into its domain file or keeps as YAML
 * (`components/contract/odcs/render.ts`): the TypeScript must evaluate to exactly the imported
 * product, laid out like the shipped domains (fields on one line when they fit, 110 columns).
 */
import { describe, expect, it } from "vitest";
import type { ImportedProduct } from "../../components/contract/odcs/importOdcs.js";
import { renderProductTs, renderProductYaml } from "../../components/contract/odcs/render.js";
import { yaml } from "../../components/onDemand.js";

type Obj = Record<string, unknown>;
const imported = (product: Obj, extra: Partial<ImportedProduct> = {}): ImportedProduct =>
  ({ product, warnings: [], ...extra }) as unknown as ImportedProduct;

const Classification = {
  Public: "public",
  Internal: "internal",
  Confidential: "confidential",
  Restricted: "restricted",
};
/** The rendered literal evaluated as the domain file would, with the platform's Classification. */
const evaluate = (ts: string): unknown => {
  const body = ts
    .split("\n")
    .filter((l) => !l.startsWith("//"))
    .join("\n");
  return new Function("Classification", `return (${body});`)(Classification);
};
/** The literal without its header comment. */
const literal = (ts: string) =>
  ts
    .split("\n")
    .filter((l) => !l.startsWith("//"))
    .join("\n");

const awkward = {
  name: "rates",
  description: "Rates.\nOne row per day.",
  classification: "confidential",
  schema: {
    code: { type: "string", description: "The code." },
    "first-name": { type: "string", description: "Has `ticks`\nand lines" },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: text that must not become a template
    $price: { type: "decimal(12,2)", description: "Costs ${x}\nmore" },
    "1st": { type: "string", description: "x", accepted: ["a\nb"] },
    "a-b": { type: "string", description: "y" },
  },
  transform: { sql: "SELECT *\nFROM staging\nWHERE path = 'C:\\dir'" },
  tags: { classification: "restricted" },
};

describe("an imported product as TypeScript", () => {
  it("evaluates to exactly the imported product: quoted keys, templates, escapes and all", () => {
    expect(evaluate(renderProductTs(imported(awkward), "rates.odcs.yaml"))).toEqual(awkward);
  });

  it("lays it out like a domain file: multi-line text as templates, short fields on one line", () => {
    expect(literal(renderProductTs(imported(awkward), "rates.odcs.yaml"))).toBe(
      [
        "{",
        '  name: "rates",',
        "  description: `Rates.",
        "One row per day.`,",
        "  classification: Classification.Confidential,",
        "  schema: {",
        '    code: { type: "string", description: "The code." },',
        '    "first-name": { type: "string", description: "Has `ticks`\\nand lines" },',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the rendered text, literally
        '    $price: { type: "decimal(12,2)", description: "Costs ${x}\\nmore" },',
        '    "1st": {',
        '      type: "string",',
        '      description: "x",',
        "      accepted: [",
        "        `a",
        "b`,",
        "      ],",
        "    },",
        '    "a-b": { type: "string", description: "y" },',
        "  },",
        "  transform: {",
        "    sql: `SELECT *",
        "FROM staging",
        "WHERE path = 'C:\\\\dir'`,",
        "  },",
        '  tags: { classification: "restricted" },',
        "}",
        "",
      ].join("\n"),
    );
  });

  it("names each classification by the platform's constant, and quotes a level it does not have", () => {
    for (const [name, level] of Object.entries(Classification)) {
      expect(renderProductTs(imported({ classification: level }), "c.yaml")).toContain(
        `  classification: Classification.${name},\n`,
      );
    }
    expect(renderProductTs(imported({ classification: "secret" }), "c.yaml")).toContain(
      '  classification: "secret",\n',
    );
  });

  it("spreads the product over lines even when it would fit on one", () => {
    expect(literal(renderProductTs(imported({ name: "a" }), "a.yaml"))).toBe('{\n  name: "a",\n}\n');
  });

  it("keeps a value on one line up to 110 columns and breaks it one entry per line past them", () => {
    // A field at four spaces: `    f: { description: "…" },` where the object itself is
    // `{ description: "…" }`, 19 characters and the text.
    const field = (length: number) => ({ schema: { f: { description: "d".repeat(length) } } });
    const fits = literal(renderProductTs(imported(field(110 - 4 - 19)), "f.yaml"));
    expect(fits).toContain(`    f: { description: "${"d".repeat(87)}" },\n`);
    const over = literal(renderProductTs(imported(field(110 - 4 - 19 + 1)), "f.yaml"));
    expect(over).toContain(`    f: {\n      description: "${"d".repeat(88)}",\n    },\n`);

    // A list at two spaces: `[` `"…"` `]`, 4 characters and the text.
    const list = (length: number) => ({ accepted: ["e".repeat(length)] });
    expect(literal(renderProductTs(imported(list(110 - 2 - 4)), "l.yaml"))).toBe(
      `{\n  accepted: ["${"e".repeat(104)}"],\n}\n`,
    );
    expect(literal(renderProductTs(imported(list(110 - 2 - 4 + 1)), "l.yaml"))).toBe(
      `{\n  accepted: [\n    "${"e".repeat(105)}",\n  ],\n}\n`,
    );
  });

  it("breaks a list of objects one per line at its depth, and writes null as null", () => {
    const metric = (field: string) => ({
      metric: "nullValues",
      field,
      mustBeLessThan: 5,
      unit: "percent",
      severity: "warning",
    });
    // The third is 106 characters flat: at its depth (6 spaces) it passes 110 columns.
    const product = {
      quality: { metrics: [metric("first_name"), metric("last_name"), metric("first_name_abc")] },
      terms: null,
    };
    const ts = renderProductTs(imported(product), "q.yaml");
    expect(literal(ts)).toBe(
      [
        "{",
        "  quality: {",
        "    metrics: [",
        '      { metric: "nullValues", field: "first_name", mustBeLessThan: 5, unit: "percent", severity: "warning" },',
        '      { metric: "nullValues", field: "last_name", mustBeLessThan: 5, unit: "percent", severity: "warning" },',
        "      {",
        '        metric: "nullValues",',
        '        field: "first_name_abc",',
        "        mustBeLessThan: 5,",
        '        unit: "percent",',
        '        severity: "warning",',
        "      },",
        "    ],",
        "  },",
        "  terms: null,",
        "}",
        "",
      ].join("\n"),
    );
    expect(evaluate(ts)).toEqual(product);
  });

  it("heads it with where it came from, where it goes, its owner and the placeholder SQL", () => {
    const withAll = renderProductTs(
      imported({ name: "a" }, { domain: "finance", owner: { team: "fin", email: "fin@example.com" } }),
      "rates.odcs.yaml",
    );
    expect(withAll.split("\n").slice(0, 4)).toEqual([
      "// Data product imported from the ODCS contract rates.odcs.yaml.",
      "// Add it to dataProducts of domains/finance/index.ts.",
      "// Owner in the contract: fin <fin@example.com>.",
      "// The transform is a placeholder: write the product's SQL before deploying.",
    ]);
    const bare = renderProductTs(imported({ name: "a" }), "a.yaml");
    expect(bare.split("\n").slice(0, 3)).toEqual([
      "// Data product imported from the ODCS contract a.yaml.",
      "// Add it to a domain's dataProducts.",
      "// The transform is a placeholder: write the product's SQL before deploying.",
    ]);
  });
});

describe("an imported product as YAML", () => {
  it("heads it with the same lines as comments, and never folds a long text", () => {
    const description = "A long description of the product that goes on ".repeat(4).trim();
    const text = renderProductYaml(imported({ name: "a", description }, { domain: "finance" }), "a.yaml");
    const lines = text.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "# Data product imported from the ODCS contract a.yaml.",
      "# Add it to dataProducts of domains/finance/index.ts.",
      "# The transform is a placeholder: write the product's SQL before deploying.",
    ]);
    expect(lines).toContain(`description: ${description}`);
    expect(yaml().parse(text)).toEqual({ name: "a", description });
  });
});
