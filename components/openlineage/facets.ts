/**
 * The OpenLineage facets the mesh emits, each built from what the mesh already knows: the contract
 * (schema, rules, owner), the column lineage the plan derived from the SQL, the run's results. The
 * versions are those of the facet schemas in test/fixtures/openlineage/facets, which the tests
 * validate every emitted facet against.
 */
import type { Contract } from "../contract/contract.js";
import type { ColumnSource, ProductLineage } from "../declaration/lineage.js";
import { duckdbType } from "../declaration/types.js";
import { customFacetSchemaUrl, PRODUCER, standardFacet } from "./producer.js";

/** A dataset as OpenLineage names it: the datasource, and the dataset's unique name in it. */
export interface DatasetName {
  readonly namespace: string;
  readonly name: string;
}

export const schemaFacet = (schema: Contract["schema"]) => ({
  ...standardFacet("SchemaDatasetFacet", "1-2-0"),
  fields: Object.entries(schema).map(([name, field], i) => ({
    name,
    type: duckdbType(field.type),
    ...(field.description ? { description: field.description } : {}),
    ordinal_position: i + 1,
  })),
});

/** Owners as the spec recommends naming them, URNs: the owning domain's team. */
const owners = (owner: Contract["owner"]) => [{ name: `team:${owner.team}`, type: "MAINTAINER" }];

export const datasetOwnershipFacet = (owner: Contract["owner"]) => ({
  ...standardFacet("OwnershipDatasetFacet", "1-0-1"),
  owners: owners(owner),
});

export const jobOwnershipFacet = (owner: Contract["owner"]) => ({
  ...standardFacet("OwnershipJobFacet", "1-0-1"),
  owners: owners(owner),
});

export const sqlFacet = (query: string, dialect: string) => ({
  ...standardFacet("SQLJobFacet", "1-1-0"),
  query,
  dialect,
});

export const jobTypeFacet = (integration: string) => ({
  ...standardFacet("JobTypeJobFacet", "2-0-4"),
  processingType: "BATCH",
  integration,
  jobType: "QUERY",
});

/**
 * How the column lineage's kinds read in OpenLineage's transformation types: a value that flows
 * into the output is DIRECT (as is, computed row by row, or aggregated); a column only read to
 * decide which rows appear is INDIRECT. A de-identified aggregate is masking: it holds no value of
 * any one row.
 */
const TRANSFORMATIONS: Record<ColumnSource["kind"], { type: string; subtype: string }> = {
  direct: { type: "DIRECT", subtype: "IDENTITY" },
  transformed: { type: "DIRECT", subtype: "TRANSFORMATION" },
  aggregated: { type: "DIRECT", subtype: "AGGREGATION" },
  filtered: { type: "INDIRECT", subtype: "FILTER" },
};

/**
 * The column lineage facet of the output: each output column's input fields, the input named by
 * `datasetOf` (a contract id, or `staging`: the product's raw records). A source whose input has
 * no dataset (none known) is left out rather than named wrongly.
 */
export function columnLineageFacet(
  lineage: ProductLineage,
  datasetOf: (input: string) => DatasetName | undefined,
) {
  const fields: Record<string, { inputFields: object[] }> = {};
  for (const { column, sources } of lineage) {
    const inputFields = sources.flatMap((source) => {
      const dataset = datasetOf(source.input);
      if (!dataset) return [];
      return [
        {
          ...dataset,
          field: source.column,
          transformations: [
            { ...TRANSFORMATIONS[source.kind], ...(source.deidentified ? { masking: true } : {}) },
          ],
        },
      ];
    });
    fields[column] = { inputFields };
  }
  return { ...standardFacet("ColumnLineageDatasetFacet", "1-2-0"), fields };
}

/** One contract rule as checked on a run's output. */
export interface Assertion {
  /** `column`, `type`, `required`, `unique`, `accepted`, `min`, `max`, `rowCount`. */
  readonly rule: string;
  readonly column?: string;
  readonly success: boolean;
  /** Rows that break it (for `rowCount`: the rows there are). */
  readonly rows: number;
  readonly expected?: string;
  readonly message?: string;
}

/**
 * Every contract rule, passed or failed. The standard facet has no count: the rows that break a
 * rule go in `actual` (and in `params`), `expected` says what holds.
 */
export const dataQualityAssertionsFacet = (assertions: readonly Assertion[]) => ({
  ...standardFacet("DataQualityAssertionsDatasetFacet", "1-1-0"),
  assertions: assertions.map((a) => ({
    assertion: a.rule,
    success: a.success,
    ...(a.column ? { column: a.column } : {}),
    severity: "error",
    ...(a.message ? { description: a.message } : {}),
    expected: a.expected ?? "0",
    actual: String(a.rows),
    params: { failingRows: a.rule === "rowCount" ? (a.success ? 0 : a.rows) : a.rows },
  })),
});

export const outputStatisticsFacet = (rowCount: number, size?: number) => ({
  ...standardFacet("OutputStatisticsOutputDatasetFacet", "1-0-2"),
  rowCount,
  ...(size !== undefined ? { size } : {}),
});

/**
 * The failure of a run, as it may be published to the whole mesh (`publishedError`): the kind of
 * error, never its text, which may quote the data; never a stack trace (the platform's internals).
 */
export const errorMessageFacet = (message: string) => ({
  ...standardFacet("ErrorMessageRunFacet", "1-0-1"),
  message,
  programmingLanguage: "SQL",
});

/**
 * The mesh's own facet: the data contract the dataset is published under, and where to find it
 * (the ODCS file `mesh contract export` writes for it). Its schema ships in the package.
 */
export const dataContractFacet = (contract: Pick<Contract, "id" | "version">, location: string) => ({
  _producer: PRODUCER,
  _schemaURL: customFacetSchemaUrl("DataContractDatasetFacet"),
  id: contract.id,
  version: contract.version,
  standard: "ODCS",
  location,
});
