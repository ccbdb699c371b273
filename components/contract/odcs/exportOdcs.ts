/**
 * A mesh contract as an ODCS v3.1.0 data contract: one schema object (the product's Glue table),
 * its fields as properties with quality rules, the SLOs as SLA properties, the owner as the team.
 * Every document is validated against the official schema before it leaves: a failure is a bug.
 */

import type { Field } from "../../declaration/schema.js";
import { type FieldType, formatType, type TypeNode, typeTree } from "../../declaration/types.js";
import { glueTableName } from "../../naming.js";
import { yaml as yamlPackage } from "../../onDemand.js";
import { type Contract, majorOfContract, piiFields } from "../contract.js";
import { formatProblem } from "./errors.js";
import { type CustomProperty, MESH_PROPERTY, PII_PROPERTY, piiLimitations } from "./meshProperties.js";
import { fieldQuality, tableQuality } from "./quality.js";
import { type Deployment, serversOf } from "./servers.js";
import { slaPropertiesOf } from "./sla.js";
import { odcsTypeOf } from "./types.js";
import { ODCS_API_VERSION, odcsSchemaProblems } from "./validate.js";

export interface OdcsExportContext {
  /** Environments the product is deployed to: adds their Kafka and S3 servers. */
  readonly deployments?: readonly Deployment[];
  /** Whether the product has an ingestion topic (default true; false with `ingestion: false`). */
  readonly topic?: boolean;
}

export type OdcsDocument = Record<string, unknown>;

/**
 * The `properties` of a struct or the `items` of a list, recursively: types only, since the mesh
 * keeps no rules inside them (`nestedType.ts` reads them back).
 */
function nestedOf(type: TypeNode): OdcsDocument {
  if (type.kind === "list") return { items: typedOf(type.element) };
  if (type.kind === "struct")
    return { properties: type.fields.map((f) => ({ name: f.name, ...typedOf(f.type) })) };
  return {};
}

function typedOf(type: TypeNode): OdcsDocument {
  const { logicalType, format, physicalType } = odcsTypeOf(formatType(type) as FieldType);
  return {
    logicalType,
    ...(format !== undefined ? { logicalTypeOptions: { format } } : {}),
    physicalType,
    ...nestedOf(type),
  };
}

/** `keyPosition`: the field's place in the primary key (1-based), when it is part of it. */
function propertyOf(name: string, field: Field, contract: Contract, keyPosition?: number): OdcsDocument {
  const { logicalType, format, physicalType } = odcsTypeOf(field.type);
  const options = {
    ...(format !== undefined ? { format } : {}),
    ...(field.min !== undefined ? { minimum: field.min } : {}),
    ...(field.max !== undefined ? { maximum: field.max } : {}),
    ...(field.minLength !== undefined ? { minLength: field.minLength } : {}),
    ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
    ...(field.pattern !== undefined ? { pattern: field.pattern } : {}),
  };
  const quality = fieldQuality(
    field,
    (contract.quality.metrics ?? []).filter((m) => m.field === name),
    (contract.quality.sql ?? []).filter((c) => c.field === name),
  );
  const pii: CustomProperty[] = field.pii
    ? [{ property: PII_PROPERTY, value: true, description: "Personal data: see description.limitations." }]
    : [];
  return {
    name,
    logicalType,
    ...(Object.keys(options).length > 0 ? { logicalTypeOptions: options } : {}),
    physicalType,
    ...nestedOf(typeTree(field.type)),
    description: field.description,
    ...(keyPosition !== undefined ? { primaryKey: true, primaryKeyPosition: keyPosition } : {}),
    required: field.required,
    unique: field.unique,
    // The mesh classifies the whole table; each column is as sensitive as the table.
    classification: contract.classification,
    ...(pii.length > 0 ? { customProperties: pii } : {}),
    ...(quality.length > 0 ? { quality } : {}),
  };
}

/** The ODCS v3.1.0 data contract of a mesh contract; throws if it does not validate (a bug). */
export function toOdcs(contract: Contract, context: OdcsExportContext = {}): OdcsDocument {
  const ref = { domain: contract.domain, product: contract.product, major: majorOfContract(contract) };
  const limitations = piiLimitations(piiFields(contract), contract.access.pii);
  const tableRules = tableQuality(contract.quality);
  const custom: CustomProperty[] = [
    {
      property: MESH_PROPERTY.classification,
      value: contract.classification,
      description: "Data classification of the whole product (public, internal, confidential, restricted).",
    },
  ];
  if (contract.access.pii.length > 0) {
    custom.push({
      property: MESH_PROPERTY.piiAccess,
      value: [...contract.access.pii],
      description: "Consuming domains admitted to the personal data fields.",
    });
  }
  if (contract.access.consumers !== undefined) {
    custom.push({
      property: MESH_PROPERTY.consumers,
      value: [...contract.access.consumers],
      description:
        "Consuming domains the producer consents to serve; no other domain may consume the product.",
    });
  }
  const servers = serversOf(ref, context.deployments ?? [], context.topic ?? true);
  const keyFields = Object.keys(contract.schema).filter((n) => contract.schema[n]!.primaryKey);
  const doc: OdcsDocument = {
    apiVersion: ODCS_API_VERSION,
    kind: "DataContract",
    id: contract.id,
    name: contract.product,
    version: contract.version,
    status: contract.status,
    domain: contract.domain,
    // Deprecated in v3.1.0 but still read by v3.0 tools; in the mesh a product has one contract.
    dataProduct: contract.product,
    description: {
      purpose: contract.description,
      ...(contract.terms !== undefined ? { usage: contract.terms } : {}),
      ...(limitations !== undefined ? { limitations } : {}),
    },
    ...(servers.length > 0 ? { servers } : {}),
    schema: [
      {
        name: contract.product,
        physicalName: glueTableName(ref),
        physicalType: "table",
        logicalType: "object",
        description: contract.description,
        properties: Object.entries(contract.schema).map(([name, field]) =>
          propertyOf(
            name,
            field,
            contract,
            keyFields.includes(name) ? keyFields.indexOf(name) + 1 : undefined,
          ),
        ),
        ...(tableRules.length > 0 ? { quality: tableRules } : {}),
      },
    ],
    slaProperties: slaPropertiesOf(contract.slos, contract.schedule),
    team: { name: contract.owner.team, members: [{ username: contract.owner.email, role: "owner" }] },
    customProperties: custom,
  };
  const problems = odcsSchemaProblems(doc);
  if (problems.length > 0) {
    throw new Error(
      `bug: the ODCS export of ${contract.id} is not valid ODCS ${ODCS_API_VERSION}:\n  ${problems.map(formatProblem).join("\n  ")}`,
    );
  }
  return doc;
}

/**
 * `<domain>.<product>.v<major>.odcs.yaml`: one file per product version, so a superseded major
 * still running for its consumers exports beside the current one.
 */
export const odcsFileName = (contract: Pick<Contract, "domain" | "product" | "version">) =>
  `${contract.domain}.${contract.product}.v${majorOfContract(contract)}.odcs.yaml`;

/** The document as YAML, headed by where it comes from so nobody edits the export by hand. */
export function odcsYaml(doc: OdcsDocument, source: string): string {
  const yaml = new (yamlPackage().Document)(doc);
  yaml.commentBefore = ` ODCS ${ODCS_API_VERSION} data contract generated by \`mesh contract export\` from ${source}.\n Do not edit: change the declaration and export again.`;
  return yaml.toString({ lineWidth: 0 });
}
