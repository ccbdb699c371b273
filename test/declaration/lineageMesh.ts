/**
 * A two-domain mesh for the checks that follow lineage: `customers` publishes a confidential
 * product with a PII email and admits `reports` to it; `reports` derives one product from it, whose
 * SQL, schema and classification each test varies.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DomainDefinition } from "../../components/declaration/defineDomain.js";
import { DeclarationError } from "../../components/declaration/errors.js";
import type { Mesh } from "../../components/declaration/mesh.js";
import { meshOf } from "../../program/loadMesh.js";

const customers = (): any => ({
  name: "customers",
  owner: { team: "crm", email: "crm-team@example.com" },
  description: "Customers.",
  dataProducts: [
    {
      name: "customers",
      version: "2.0.0",
      description: "One row per customer.",
      classification: "confidential",
      schema: {
        customer_id: { type: "string", required: true, description: "Customer identifier." },
        email: { type: "string", required: true, pii: true, description: "Contact email." },
        segment: { type: "string", required: true, description: "Commercial segment." },
        score: { type: "double", description: "Credit score." },
      },
      transform: { sql: "SELECT customer_id, email, segment, score FROM staging", schedule: "0 * * * *" },
      slos: { freshness: "1d" },
      access: { consumers: ["reports"], pii: ["reports"] },
    },
  ],
});

export interface Report {
  readonly sql: string;
  /** The product's output columns: name → whether marked PII (typed bigint for n_…, double for avg_…, else string). */
  readonly columns: Record<string, boolean>;
  readonly classification?: string;
  /** Changes the customers product (its SQL reads its raw records: staging). */
  readonly customers?: (product: any) => void;
}

const reports = (report: Report): any => ({
  name: "reports",
  owner: { team: "insights", email: "insights-team@example.com" },
  description: "Reports.",
  consumes: [{ domain: "customers", product: "customers", major: 2 }],
  dataProducts: [
    {
      name: "report",
      version: "1.0.0",
      description: "A report.",
      classification: report.classification ?? "confidential",
      schema: Object.fromEntries(
        Object.entries(report.columns).map(([name, pii]) => [
          name,
          {
            // Typed by name, as the binder checks the output against them: n_… counts, avg_… means.
            type: name.startsWith("n_") ? "bigint" : name.startsWith("avg_") ? "double" : "string",
            pii,
            description: "A column.",
          },
        ]),
      ),
      ingestion: false,
      transform: { sql: report.sql, schedule: "0 * * * *" },
      slos: { freshness: "1d" },
    },
  ],
});

/** The mesh with `report`, as `mesh plan` validates it; its problems, one line each, if refused. */
export async function planMesh(report: Report): Promise<{ mesh?: Mesh; problems: string[] }> {
  const producer = customers();
  report.customers?.(producer.dataProducts[0]);
  const definitions: DomainDefinition[] = [
    { input: producer, source: "fixtures/customers/index.ts:3" },
    { input: reports(report), source: "fixtures/reports/index.ts:3" },
  ];
  // A folder of its own: no contracts.lock.json beside it.
  const domainsDir = join(mkdtempSync(join(tmpdir(), "mesh-lineage-")), "domains");
  try {
    return { mesh: await meshOf(definitions, {}, domainsDir), problems: [] };
  } catch (e) {
    if (!(e instanceof DeclarationError)) throw e;
    return { problems: e.message.split("\n") };
  }
}
