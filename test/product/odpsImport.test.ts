/**
 * `fromOdps`: an ODPS descriptor and its output port's ODCS contract as a declaration. The shipped
 * mesh round-trips through export and import; the official examples, and each thing a mesh product
 * cannot be, are refused with the key path and why.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { contractExportCommand } from "../../cli/commands/contractExport.js";
import { productExportCommand } from "../../cli/commands/productExport.js";
import type { Output } from "../../cli/io.js";
import { OdcsImportError } from "../../components/contract/odcs/errors.js";
import type { Mesh } from "../../components/declaration/mesh.js";
import { DataProductSchema } from "../../components/declaration/schema.js";
import {
  checkDescriptor,
  fromOdps,
  type ImportedDataProduct,
  OdpsImportError,
} from "../../components/product/odpsImport.js";
import { loadMesh } from "../../program/loadMesh.js";

/** The official ODPS examples, vendored unchanged (source and licence in their README). */
const EXAMPLES = join("test", "product", "fixtures", "odps-upstream", "examples");

const quiet: Output = { out: () => {}, err: () => {} };
type Doc = Record<string, any>;

/** The example mesh: loading it calls no ODCS or ODPS code, so it is loaded once. */
let mesh: Mesh;
const read = (file: string) => parse(readFileSync(file, "utf8")) as Doc;

beforeAll(async () => {
  mesh = await loadMesh();
});

/**
 * The example mesh's contracts and descriptors exported into a fresh folder, and the import of what
 * was exported. Each test that imports the export runs the export itself, rather than the file once
 * in beforeAll: mutation testing credits a test only with the code run inside it, so a shared export
 * would make every mutant of the exporters run against every test.
 */
async function exportMesh() {
  const out = mkdtempSync(join(tmpdir(), "mesh-odps-import-"));
  const root = process.cwd();
  expect(await contractExportCommand({ root, format: "odcs", out }, quiet)).toBe(0);
  expect(await productExportCommand({ root, format: "odps", out }, quiet)).toBe(0);
  const exported = (id: string, standard: "odps" | "odcs") => read(join(out, `${id}.${standard}.yaml`));
  /** The exported product version `id`, edited as the test says, imported. */
  const importExported = (id: string, edit: (descriptor: Doc, contract: Doc) => void = () => {}) => {
    const descriptor = exported(id, "odps");
    const contract = exported(id, "odcs");
    edit(descriptor, contract);
    return fromOdps(checkDescriptor(descriptor), { doc: contract, source: `${id}.odcs.yaml` });
  };
  return { exported, importExported };
}

/** The refusal's problems as `path: message` lines. */
function refusal(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    if (e instanceof OdcsImportError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  throw new Error("not refused");
}

describe("mesh product import: round trip", () => {
  it("export then import gives back every product version's declaration, in what ODPS and ODCS carry", async () => {
    const { importExported } = await exportMesh();
    expect(mesh.products.length).toBeGreaterThan(0);
    for (const model of mesh.products) {
      const imported: ImportedDataProduct = importExported(model.id);
      const product = DataProductSchema.parse(imported.product);
      const declared = model.declaration;
      expect(product.name).toBe(declared.name);
      expect(product.version).toBe(declared.version);
      expect(product.status).toBe(declared.status);
      expect(product.description).toBe(declared.description);
      expect(product.classification).toBe(declared.classification);
      expect(product.terms).toBe(declared.terms);
      expect(product.schema).toEqual(declared.schema);
      expect(product.access).toEqual(declared.access);
      expect(product.slos).toEqual(declared.slos);
      expect(product.transform.schedule).toBe(declared.transform.schedule);
      expect(imported.domain).toBe(model.domain.name);
      expect(imported.owner).toEqual(model.domain.owner);
    }
  });

  it("gives back the consumptions the product reads, with their purpose", async () => {
    const { importExported } = await exportMesh();
    const analytics = mesh.products.find((m) => m.ref.domain === "analytics" && !m.retained)!;
    expect(importExported(analytics.id).consumes).toEqual(analytics.domain.consumes);
    expect(analytics.domain.consumes.map((c) => `${c.domain}.${c.product}.v${c.major}`)).toEqual([
      "orders.orders.v1",
      "customers.customers.v2",
    ]);
  });
});

describe("mesh product import: what the descriptor says", () => {
  it("takes the lifecycle status from the descriptor; a proposed product is a draft, with a warning", async () => {
    const { importExported } = await exportMesh();
    const id = "orders.orders.v1";
    expect(importExported(id, (d) => (d.status = "deprecated")).product.status).toBe("deprecated");
    const proposed = importExported(id, (d) => (d.status = "proposed"));
    expect(proposed.product.status).toBe("draft");
    expect(proposed.warnings).toContain('status: "proposed" → "draft"');
    expect(refusal(() => importExported(id, (d) => (d.status = "sunset")))).toEqual([
      'status: "sunset" is not a mesh status (draft, active, deprecated, retired, proposed)',
    ]);
  });

  it("warns about what it drops, and not about the owner's address it wrote itself", async () => {
    const { importExported } = await exportMesh();
    const id = "orders.orders.v1";
    expect(importExported(id).warnings.filter((w) => /^(support|tags|tenant)/.test(w))).toEqual([]);
    const tagged = importExported(id, (d) => {
      d.tags = ["finance"];
      d.tenant = "acme";
      d.support.push({ channel: "slack", url: "https://acme.slack.com/archives/C1" });
    });
    expect(tagged.warnings).toEqual(
      expect.arrayContaining([
        "tags ignored: the mesh has no tags",
        "tenant ignored: the mesh has no tenants",
        "support ignored: the mesh has no support channels; the owner's email is the contact",
      ]),
    );
  });

  it("refuses several output ports, or none, or one without a contract", async () => {
    const { importExported } = await exportMesh();
    const id = "orders.orders.v1";
    expect(
      refusal(() => importExported(id, (d) => d.outputPorts.push({ ...d.outputPorts[0], version: "2.0.0" }))),
    ).toEqual([
      "outputPorts: 2 output ports (orders 1.2.0, orders 2.0.0): a mesh data product has one output, one contract; split the descriptor, one per output port",
    ]);
    expect(refusal(() => importExported(id, (d) => (d.outputPorts = [])))).toEqual([
      "outputPorts: none: a mesh data product has one output port, bound to its ODCS contract by contractId",
    ]);
    expect(refusal(() => importExported(id, (d) => delete d.outputPorts[0].contractId))).toEqual([
      "outputPorts[0].contractId: missing: the mesh builds a product from its ODCS contract, which the output port must name",
    ]);
  });

  it("refuses a contract that is not the one the output port names, or at another version", async () => {
    const { importExported, exported } = await exportMesh();
    const id = "orders.orders.v1";
    expect(refusal(() => importExported(id, (_, c) => (c.id = "orders.orders.v9")))).toEqual([
      `outputPorts[0].contractId: "${id}", but ${id}.odcs.yaml is the contract "orders.orders.v9"`,
    ]);
    const version = exported(id, "odcs").version;
    expect(refusal(() => importExported(id, (d) => (d.outputPorts[0].version = "1.0.0")))).toEqual([
      `outputPorts[0].version: "1.0.0", but ${id}.odcs.yaml is version ${version}: the output port serves the contract's version`,
    ]);
    expect(refusal(() => importExported(id, (d) => (d.version = "1.0.0")))).toEqual([
      `version: "1.0.0", but its contract ${id}.odcs.yaml is version ${version}: a mesh product's version is its contract's`,
    ]);
  });

  it("refuses an input that is not a mesh product at a major", async () => {
    const { importExported } = await exportMesh();
    const id = mesh.products.find((m) => m.ref.domain === "analytics")!.id;
    expect(
      refusal(() =>
        importExported(id, (d) => {
          d.inputPorts[0].contractId = "payments-db";
          d.inputPorts[1].version = "3.0.0";
        }),
      ),
    ).toEqual([
      'inputPorts[0].contractId: "payments-db" is not a mesh product\'s contract id (<domain>.<product>.v<major>): a product reads only products of the mesh, by domain, product and major',
      'inputPorts[1].version: "3.0.0" is not major 2, the major customers.customers.v2 names',
    ]);
  });

  it("refuses an input port's purpose the declaration would refuse, at the port", async () => {
    const { importExported } = await exportMesh();
    const id = mesh.products.find((m) => m.ref.domain === "analytics")!.id;
    const problems = refusal(() =>
      importExported(id, (d) => (d.inputPorts[0].customProperties[0].value = "")),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^inputPorts\[0\]\.customProperties: purpose: /);
  });

  it("refuses what is not ODPS at all, with the schema's own words", () => {
    expect(() => checkDescriptor({ apiVersion: "v1.0.0", kind: "DataProduct", status: "active" })).toThrow(
      OdpsImportError,
    );
    expect(
      refusal(() =>
        checkDescriptor({ apiVersion: "v1.0.0", kind: "DataProduct", status: "active", ports: [] }),
      ),
    ).toEqual(["id: is required", "ports: is not an ODPS property here"]);
  });

  it("passes the contract's own refusal through, at the contract's paths", async () => {
    const { importExported } = await exportMesh();
    const error = (() => {
      try {
        importExported("orders.orders.v1", (_, c) => (c.schema = []));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(OdcsImportError);
    expect(error).not.toBeInstanceOf(OdpsImportError);
    expect((error as OdcsImportError).problems.map((p) => p.path)).toEqual(["schema"]);
  });
});

describe("mesh product import: the official ODPS examples", () => {
  const examples = readdirSync(EXAMPLES).sort();

  it("vendors both examples", () => {
    expect(examples).toEqual(["customer-data-product.odps.yaml", "simple-data-product.odps.yaml"]);
  });

  it("customer-data-product: refused, four output ports and inputs that are not mesh products", () => {
    const checked = checkDescriptor(read(join(EXAMPLES, "customer-data-product.odps.yaml")));
    expect(checked.port).toBeUndefined();
    const notMesh = (i: number, id: string) =>
      `inputPorts[${i}].contractId: "${id}" is not a mesh product's contract id (<domain>.<product>.v<major>): a product reads only products of the mesh, by domain, product and major`;
    expect(refusal(() => fromOdps(checked, undefined))).toEqual([
      "outputPorts: 4 output ports (rawtransactions 1.0.0, rawtransactions 2.0.0, consolidatedtransactions 1.0.0, fulltransactionswithreturns 0.3.0): a mesh data product has one output, one contract; split the descriptor, one per output port",
      notMesh(0, "dbb7b1eb-7628-436e-8914-2a00638ba6db"),
      notMesh(1, "dbb7b1eb-7628-436e-8914-2a00638ba6da"),
      notMesh(2, "ec2a112d-5cfe-49f3-8760-f9cfb4597544"),
      notMesh(3, "ec2a112d-5cfe-49f3-8760-f9cfb4597547"),
    ]);
  });

  it("simple-data-product: refused, its input is not a mesh product and no ODCS contract is attached", () => {
    const checked = checkDescriptor(read(join(EXAMPLES, "simple-data-product.odps.yaml")));
    expect(checked.port).toEqual({ contractId: "87654321-4321-4321-4321-cba987654321", version: "1.0.0" });
    expect(refusal(() => fromOdps(checked, undefined))).toEqual([
      'inputPorts[0].contractId: "12345678-1234-1234-1234-123456789abc" is not a mesh product\'s contract id (<domain>.<product>.v<major>): a product reads only products of the mesh, by domain, product and major',
      'outputPorts[0].contractId: no ODCS contract "87654321-4321-4321-4321-cba987654321" beside the descriptor (no *.odcs.yaml there has that id); give it with --contract FILE.odcs.yaml',
    ]);
  });
});
