/**
 * A product version as an ODPS v1.0.0 data product descriptor: who owns it, its lifecycle status,
 * one output port bound to its ODCS contract (the id and version `mesh contract export` writes), an
 * input port per product its transform reads, and the management ports the platform has (the
 * product's catalog page, its run history). The
 * schema, quality and SLOs are the contract's business: the descriptor points at it, never repeats
 * it. Every descriptor is validated against the official schema before it leaves: a failure is a bug.
 */

import { piiFields } from "../contract/contract.js";
import { formatProblem } from "../contract/odcs/errors.js";
import { type CustomProperty, piiLimitations } from "../contract/odcs/meshProperties.js";
import type { ProductInput, ProductModel } from "../declaration/productModel.js";
import type { DataProduct } from "../declaration/schema.js";
import { historyTableName, LOCAL_HISTORY_TABLE } from "../naming.js";
import { yaml as yamlPackage } from "../onDemand.js";
import { ODPS_API_VERSION, odpsSchemaProblems } from "./odpsValidate.js";

export type OdpsDocument = Record<string, unknown>;

/** Custom properties of an input port: how the mesh binds it, read back by import. */
export const INPUT_PROPERTY = {
  /** Why the domain consumes the product (`consumes[].purpose`). */
  purpose: "purpose",
  /** The consumer reads the PII-free projection: it is not admitted to the product's personal data. */
  redacted: "redacted",
} as const;

/** The output port's type: the product is a warehouse table, as the standard's examples name it. */
export const OUTPUT_PORT_TYPE = "tables";

export interface OdpsExportContext {
  /**
   * The ids of the inputs the product's SQL reads (of those its domain consumes); all of them when
   * not given, as for a superseded major, whose SQL's reads are not recorded.
   */
  readonly reads?: readonly string[];
  /** Its page in the catalog `mesh catalog` writes: the path inside the site, and its URL if published. */
  readonly catalogPage?: { readonly path: string; readonly url?: string };
}

/**
 * The mesh's statuses are ODPS's own words. A superseded major kept running only for its consumers
 * is deprecated whatever its last published status said: consumers should move to the new major.
 */
export function odpsStatus(status: DataProduct["status"], retained: boolean): string {
  return retained && status === "active" ? "deprecated" : status;
}

function inputPort(input: ProductInput, purpose: string | undefined): OdpsDocument {
  const custom: CustomProperty[] = [
    ...(purpose !== undefined ? [{ property: INPUT_PROPERTY.purpose, value: purpose }] : []),
    ...(input.redacted
      ? [
          {
            property: INPUT_PROPERTY.redacted,
            value: true,
            description: "Reads the product without its PII.",
          },
        ]
      : []),
  ];
  return {
    // The view the transform's SQL reads it by: unique among a product's inputs.
    name: input.view,
    // A consumer is bound to a major, not a release: it reads whatever minor is current.
    version: String(input.ref.major),
    contractId: input.id,
    ...(custom.length > 0 ? { customProperties: custom } : {}),
  };
}

/** The custom property of the run-history port naming its table. */
export const RUN_HISTORY_TABLE_PROPERTY = "table";

/**
 * The product version's run history (`runner/runHistory.ts`): every run with its rows in, out and
 * quarantined, and each contract rule's result. Every runner keeps one, so every product has it.
 */
function runHistoryPort(model: ProductModel): OdpsDocument {
  const table = historyTableName(model.ref);
  return {
    name: "run-history",
    content: "observability",
    description: `One row per run of the product version: start, end, rows in, quarantined by reason, rows out, each contract rule's result and the freshness at load. The table ${table} beside the product's table in the domain's warehouse database (\`mesh run\`: ${LOCAL_HISTORY_TABLE.database}.${LOCAL_HISTORY_TABLE.table} in the local warehouse).`,
    customProperties: [{ property: RUN_HISTORY_TABLE_PROPERTY, value: table }],
  };
}

/** The ODPS v1.0.0 descriptor of a product version; throws if it does not validate (a bug). */
export function toOdps(model: ProductModel, context: OdpsExportContext = {}): OdpsDocument {
  const { contract, domain } = model;
  const reads = context.reads === undefined ? undefined : new Set(context.reads);
  const inputs = model.inputs.filter((i) => reads === undefined || reads.has(i.id));
  const purposeOf = (input: ProductInput) =>
    domain.consumes.find(
      (c) => c.domain === input.ref.domain && c.product === input.ref.product && c.major === input.ref.major,
    )?.purpose;
  const limitations = piiLimitations(piiFields(contract), contract.access.pii);
  const page = context.catalogPage;
  const doc: OdpsDocument = {
    apiVersion: ODPS_API_VERSION,
    kind: "DataProduct",
    id: model.id,
    name: contract.product,
    version: contract.version,
    status: odpsStatus(contract.status, model.retained),
    domain: contract.domain,
    description: {
      purpose: contract.description,
      ...(contract.terms !== undefined ? { usage: contract.terms } : {}),
      ...(limitations !== undefined ? { limitations } : {}),
    },
    ...(inputs.length > 0 ? { inputPorts: inputs.map((i) => inputPort(i, purposeOf(i))) } : {}),
    outputPorts: [
      {
        name: contract.product,
        description: contract.description,
        type: OUTPUT_PORT_TYPE,
        version: contract.version,
        contractId: contract.id,
      },
    ],
    managementPorts: [
      ...(page !== undefined
        ? [
            {
              name: "catalog",
              content: "discoverability",
              ...(page.url !== undefined ? { url: page.url } : {}),
              description: `The product's page in the catalog \`mesh catalog\` writes: ${page.path}.`,
            },
          ]
        : []),
      runHistoryPort(model),
    ],
    support: [
      {
        channel: contract.owner.team,
        url: `mailto:${contract.owner.email}`,
        tool: "email",
        scope: "issues",
      },
    ],
    team: { name: contract.owner.team, members: [{ username: contract.owner.email, role: "owner" }] },
  };
  const problems = odpsSchemaProblems(doc);
  if (problems.length > 0) {
    throw new Error(
      `bug: the ODPS export of ${model.id} is not valid ODPS ${ODPS_API_VERSION}:\n  ${problems.map(formatProblem).join("\n  ")}`,
    );
  }
  return doc;
}

/** `<domain>.<product>.v<major>.odps.yaml`, beside the contract's `.odcs.yaml` of the same version. */
export const odpsFileName = (model: Pick<ProductModel, "id">) => `${model.id}.odps.yaml`;

/** The descriptor as YAML, headed by where it comes from so nobody edits the export by hand. */
export function odpsYaml(doc: OdpsDocument, source: string): string {
  const yaml = new (yamlPackage().Document)(doc);
  yaml.commentBefore = ` ODPS ${ODPS_API_VERSION} data product generated by \`mesh product export\` from ${source}.\n Do not edit: change the declaration and export again.`;
  return yaml.toString({ lineWidth: 0 });
}
