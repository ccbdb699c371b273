/**
 * `mesh product export` and `mesh product import` as a user runs them: exit codes, what goes to
 * stdout and stderr, messages with file, line and key path, never a stack trace.
 */

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../cli/mesh.js";
import { DataProductSchema } from "../../components/declaration/schema.js";
import { capture } from "../runner/support.js";

const EXAMPLES = join("test", "product", "fixtures", "odps-upstream", "examples");
const ANALYTICS = "analytics.revenue-by-segment";

async function mesh(...argv: string[]) {
  const io = capture();
  const code = await main(argv, io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
}

/** No stack trace: no `    at f (file:line)` frames, no `Error:` of an uncaught exception. */
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at |^\w*Error: /m);

let out: string;
/** The analytics product version's id, its major read from the export, not hard-coded; its descriptor. */
let id: string;
let descriptor: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "mesh-product-cli-"));
  expect((await mesh("contract", "export", "--format", "odcs", "--out", out)).code).toBe(0);
  const exported = await mesh("product", "export", "--format", "odps", "--out", out);
  expect(exported.code).toBe(0);
  id = exported.stdout.match(new RegExp(`(${ANALYTICS}\\.v\\d+)\\.odps\\.yaml`))![1]!;
  descriptor = `${id}.odps.yaml`;
});

describe("mesh product export", () => {
  it("refuses an unknown format with the command's usage, exit 2", async () => {
    const { code, stdout, stderr } = await mesh("product", "export", "--format", "odcs", "--out", out);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.split("\n")[0]).toBe('error: --format must be one of odps, got "odcs"');
    expect(stderr).toContain("Usage: mesh product export --format odps --out DIR");
  });
});

describe("mesh product import", () => {
  it("prints the declaration and the consumptions to add, finding the contract beside the descriptor", async () => {
    const { code, stdout, stderr } = await mesh("product", "import", join(out, descriptor));
    expect(code).toBe(0);
    expect(stdout).toContain(
      `// Its transform reads these products: add them to consumes of domains/analytics/index.ts:\n//   { domain: "orders", product: "orders", major: 1, purpose: "Revenue reporting" },`,
    );
    expect(stdout).toContain(
      `// Data product imported from the ODCS contract ${join(out, `${id}.odcs.yaml`)}.`,
    );
    expect(stdout).toContain('  name: "revenue-by-segment",');
    expect(stderr).toContain(
      'warning: transform.sql: placeholder "SELECT * EXCLUDE (ingest_date) FROM staging"; write the product\'s transform',
    );
  });

  it("--yaml prints a declaration the schema accepts", async () => {
    const { code, stdout } = await mesh("product", "import", join(out, descriptor), "--yaml");
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^# Its transform reads these products: .*\n# {3}- \{ domain: orders, product: orders, major: 1/m,
    );
    expect(DataProductSchema.safeParse(parse(stdout)).success).toBe(true);
  });

  it("takes the contract from --contract when it is elsewhere, and refuses one with another id", async () => {
    const alone = mkdtempSync(join(tmpdir(), "mesh-product-alone-"));
    copyFileSync(join(out, descriptor), join(alone, descriptor));
    const missing = await mesh("product", "import", join(alone, descriptor));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      new RegExp(
        `^error: .*${descriptor}: the descriptor cannot become a mesh data product:\n  .*${descriptor}:\\d+: outputPorts\\[0\\]\\.contractId: no ODCS contract`,
      ),
    );
    const given = await mesh(
      "product",
      "import",
      join(alone, descriptor),
      "--contract",
      join(out, `${id}.odcs.yaml`),
    );
    expect(given.code).toBe(0);
    const other = await mesh(
      "product",
      "import",
      join(alone, descriptor),
      "--contract",
      join(out, "orders.orders.v1.odcs.yaml"),
    );
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('is the contract "orders.orders.v1"');
  });

  it("never reads a contract outside the descriptor's folder, whatever its contractId says", async () => {
    const root = mkdtempSync(join(tmpdir(), "mesh-product-escape-"));
    mkdirSync(join(root, "in"));
    copyFileSync(join(out, `${id}.odcs.yaml`), join(root, `${id}.odcs.yaml`));
    const text = readFileSync(join(out, descriptor), "utf8").replace(
      `contractId: ${id}\n`,
      `contractId: ../${id}\n`,
    );
    writeFileSync(join(root, "in", "p.odps.yaml"), text);
    const { code, stderr } = await mesh("product", "import", join(root, "in", "p.odps.yaml"));
    expect(code).toBe(2);
    expect(stderr).toContain(`no ODCS contract "../${id}" beside the descriptor`);
  });

  it("refuses malformed YAML at its file, line and column, exit 2, no stack", async () => {
    const file = join(out, "broken.odps.yaml");
    writeFileSync(file, "apiVersion: v1.0.0\nkind: DataProduct\nid: x\n  status: [draft\n");
    const { code, stdout, stderr } = await mesh("product", "import", file);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      new RegExp(`^error: ${file.replace(/[.\\]/g, "\\$&")}:3:5: not a YAML document: `),
    );
    noStack(stderr);
  });

  it("names the contract file and line when the contract is the malformed one", async () => {
    const bad = join(out, "bad.odcs.yaml");
    writeFileSync(bad, "id: x\nschema: [\n");
    const { code, stderr } = await mesh("product", "import", join(out, descriptor), "--contract", bad);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      new RegExp(`^error: ${bad.replace(/[.\\]/g, "\\$&")}:\\d+:\\d+: not a YAML document`),
    );
  });

  it("refuses the official examples clearly: exit 2, each problem at its line and key path, no stack", async () => {
    const customer = join(EXAMPLES, "customer-data-product.odps.yaml");
    const refused = await mesh("product", "import", customer);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr.split("\n").slice(0, 3)).toEqual([
      `error: ${customer}: the descriptor cannot become a mesh data product:`,
      `  ${customer}:38: outputPorts: 4 output ports (rawtransactions 1.0.0, rawtransactions 2.0.0, consolidatedtransactions 1.0.0, fulltransactionswithreturns 0.3.0): a mesh data product has one output, one contract; split the descriptor, one per output port`,
      `  ${customer}:20: inputPorts[0].contractId: "dbb7b1eb-7628-436e-8914-2a00638ba6db" is not a mesh product's contract id (<domain>.<product>.v<major>): a product reads only products of the mesh, by domain, product and major`,
    ]);
    noStack(refused.stderr);
    const simple = join(EXAMPLES, "simple-data-product.odps.yaml");
    const alsoRefused = await mesh("product", "import", simple);
    expect(alsoRefused.code).toBe(2);
    expect(alsoRefused.stderr).toContain(
      `  ${simple}:25: outputPorts[0].contractId: no ODCS contract "87654321-4321-4321-4321-cba987654321" beside the descriptor`,
    );
    noStack(alsoRefused.stderr);
  });

  it("says when the file cannot be read", async () => {
    const { code, stderr } = await mesh("product", "import", join(out, "nowhere.odps.yaml"));
    expect(code).toBe(2);
    expect(stderr).toBe(`error: ${join(out, "nowhere.odps.yaml")}: cannot read: no such file`);
  });
});
