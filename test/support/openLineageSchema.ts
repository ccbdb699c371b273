/**
 * Validates OpenLineage events against the official spec 2-0-2 (test/fixtures/openlineage: the event
 * schema and the standard facet schemas) and the mesh's own facet schemas (schema/openlineage): the
 * event against OpenLineage.json, then every facet against the schema of its key (`schema`,
 * `columnLineage`, … as each facet schema's top-level `properties` names it). A facet no schema
 * knows is an error, as is a `_schemaURL` naming another schema than the one its key has.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const FIXTURES = "test/fixtures/openlineage";
const OWN = "schema/openlineage";

interface FacetSchema {
  readonly file: string;
  readonly validate: ValidateFunction;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;

function load() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema(readJson(join(FIXTURES, "OpenLineage.json")));
  const facets = new Map<string, FacetSchema[]>();
  const files = [
    ...readdirSync(join(FIXTURES, "facets")).map((f) => join(FIXTURES, "facets", f)),
    ...readdirSync(OWN).map((f) => join(OWN, f)),
  ].filter((f) => f.endsWith(".json"));
  for (const path of files) {
    const schema = readJson(path);
    ajv.addSchema(schema);
    const validate = ajv.compile({ $ref: schema.$id as string });
    const file = path.split("/").pop()!;
    for (const key of Object.keys(schema.properties as object))
      facets.set(key, [...(facets.get(key) ?? []), { file, validate }]);
  }
  return { event: ajv.compile({ $ref: "https://openlineage.io/spec/2-0-2/OpenLineage.json" }), facets };
}

let loaded: ReturnType<typeof load> | undefined;

const describe = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");

/** Every problem of `event`, as `<where>: <what>`; none when it is valid. */
export function openLineageProblems(event: unknown): string[] {
  loaded ??= load();
  const problems: string[] = [];
  if (!loaded.event(event)) problems.push(`event: ${describe(loaded.event.errors)}`);
  const e = event as Record<string, any>;
  const facetMaps: [string, Record<string, unknown> | undefined][] = [
    ["job.facets", e.job?.facets],
    ["run.facets", e.run?.facets],
    ["dataset.facets", e.dataset?.facets],
  ];
  for (const side of ["inputs", "outputs"] as const)
    (e[side] ?? []).forEach((d: Record<string, any>, i: number) => {
      facetMaps.push([`${side}[${i}].facets`, d.facets]);
      facetMaps.push([`${side}[${i}].inputFacets`, d.inputFacets]);
      facetMaps.push([`${side}[${i}].outputFacets`, d.outputFacets]);
    });
  for (const [where, facets] of facetMaps) {
    for (const [key, facet] of Object.entries(facets ?? {})) {
      const schemas = loaded.facets.get(key);
      if (!schemas) {
        problems.push(`${where}.${key}: no facet schema has this key`);
        continue;
      }
      for (const { file, validate } of schemas) {
        if (!validate({ [key]: facet }))
          problems.push(`${where}.${key} (${file}): ${describe(validate.errors)}`);
      }
      const url = (facet as { _schemaURL?: string })._schemaURL ?? "";
      const named = /\/([^/#]+\.json)#\/\$defs\/[A-Za-z]+$/.exec(url)?.[1];
      if (!schemas.some((s) => s.file === named))
        problems.push(
          `${where}.${key}: _schemaURL ${url} names none of ${schemas.map((s) => s.file).join(", ")}`,
        );
    }
  }
  return problems;
}
