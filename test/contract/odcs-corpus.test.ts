/**
 * `mesh contract import` on contracts written by other tools: the datacontract-cli test fixtures
 * (vendored with their licence and source in the fixture folder's README). Every file either
 * imports or is refused with an OdcsImportError naming where and why; the outcome of each is the
 * table in docs/odcs.md, so an import that regresses, or starts to work, shows up as a diff there.
 * Each test imports the corpus itself (`corpusOutcomes()`), not once for the file: mutation testing
 * credits a test only with the code run inside it, so an import at module level would make every
 * mutant of the importer run against every test.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contractOf } from "../../components/contract/contract.js";
import { OdcsImportError } from "../../components/contract/odcs/errors.js";
import { toOdcs } from "../../components/contract/odcs/exportOdcs.js";
import {
  fromOdcs,
  fromOdcsTables,
  type ImportedProduct,
  readOdcsYaml,
} from "../../components/contract/odcs/importOdcs.js";
import { DataProductSchema, type DomainDeclaration } from "../../components/declaration/schema.js";

const CORPUS = join("test", "contract", "fixtures", "datacontract-cli");
const DOC = join("docs", "odcs.md");
/** Contracts that import today: the count may grow, never shrink. */
const MIN_IMPORTED = 22;

type Outcome = { products: ImportedProduct[] } | { refused: OdcsImportError };

function importOutcome(file: string): Outcome {
  try {
    return { products: fromOdcsTables(readOdcsYaml(readFileSync(join(CORPUS, file), "utf8"))) };
  } catch (e) {
    // Anything but an OdcsImportError is a bug: the test fails with it.
    if (!(e instanceof OdcsImportError)) throw e;
    return { refused: e };
  }
}

const files = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".odcs.yaml"))
  .sort();
/** Each corpus file's outcome, imported afresh for the test that asks (see the header). */
const corpusOutcomes = () => new Map(files.map((f) => [f, importOutcome(f)]));

/** One row of the docs table: what happened to the file, in a line. */
function row(file: string, outcome: Outcome): string {
  let text: string;
  if ("products" in outcome) {
    const warnings = new Set(outcome.products.flatMap((p) => p.warnings)).size;
    text = `imported: ${outcome.products.map((p) => p.product.name).join(", ")} (${warnings} warnings)`;
  } else {
    const [first, ...rest] = outcome.refused.problems;
    const problem = first!.path ? `${first!.path}: ${first!.message}` : first!.message;
    text = `refused: ${problem}${rest.length > 0 ? ` (and ${rest.length} more)` : ""}`;
  }
  return `| \`${file}\` | ${text.replace(/\|/g, "\\|")} |`;
}

/** The rows of the corpus table in docs/odcs.md. */
function documentedRows(): string[] {
  const doc = readFileSync(DOC, "utf8");
  const start = doc.indexOf("<!-- corpus:start -->");
  const end = doc.indexOf("<!-- corpus:end -->");
  expect(start, "docs/odcs.md has the corpus table markers").toBeGreaterThan(-1);
  return doc
    .slice(start, end)
    .split("\n")
    .filter((l) => l.startsWith("| `"));
}

describe("ODCS import of the datacontract-cli fixtures", () => {
  it("imports or refuses every contract with a message naming where and why", () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const outcome of corpusOutcomes().values()) {
      if ("products" in outcome) continue;
      expect(outcome.refused.problems.length).toBeGreaterThan(0);
      for (const p of outcome.refused.problems) expect(p.message).not.toBe("");
      expect(outcome.refused.message).not.toMatch(/\n\s+at /);
    }
  });

  it(`imports at least ${MIN_IMPORTED} contracts, each product a valid declaration`, () => {
    const imported = [...corpusOutcomes().values()].filter((o) => "products" in o);
    expect(imported.length).toBeGreaterThanOrEqual(MIN_IMPORTED);
    for (const o of imported) {
      for (const p of (o as { products: ImportedProduct[] }).products) {
        expect(DataProductSchema.safeParse(p.product).success).toBe(true);
      }
    }
  });

  it("matches the outcome table in docs/odcs.md", () => {
    const outcomes = corpusOutcomes();
    expect(documentedRows()).toEqual(files.map((f) => row(f, outcomes.get(f)!)));
  });

  it("is stable through export: import → export → import gives the same declaration", () => {
    for (const [file, outcome] of corpusOutcomes()) {
      if (!("products" in outcome)) continue;
      for (const imported of outcome.products) {
        const product = DataProductSchema.parse(imported.product);
        const domain = {
          name: imported.domain ?? "imported",
          owner: imported.owner ?? { team: "imported", email: "owner@example.com" },
        } as DomainDeclaration;
        const again = fromOdcs(toOdcs(contractOf(domain, product)));
        expect(DataProductSchema.parse(again.product), `${file}: ${product.name}`).toEqual(product);
      }
    }
  });
});
