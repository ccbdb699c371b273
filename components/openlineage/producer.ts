/**
 * Who emits the mesh's OpenLineage events, and where the schemas of its own facets are: the
 * published package at this version (its `schema/openlineage/` ships in the package), so a consumer
 * can fetch the exact schema an event was written against.
 */
import { platformPackage as pkg } from "../packageManifest.js";

/** The OpenLineage spec the events follow. */
export const SPEC_VERSION = "2-0-2";
export const EVENT_SCHEMA_URL = `https://openlineage.io/spec/${SPEC_VERSION}/OpenLineage.json`;

/** `producer` and every facet's `_producer`: the package, at its version. */
export const PRODUCER = `https://www.npmjs.com/package/${pkg.name}/v/${pkg.version}`;

/** Where the package's own facet schemas are published: unpkg serves the package's files by version. */
export const customFacetSchemaUrl = (facet: string) =>
  `https://unpkg.com/${pkg.name}@${pkg.version}/schema/openlineage/${facet}.json#/$defs/${facet}`;

/** A standard facet's `_schemaURL`: its schema file at the version vendored in test/fixtures/openlineage. */
export const standardFacetSchemaUrl = (facet: string, version: string) =>
  `https://openlineage.io/spec/facets/${version}/${facet}.json#/$defs/${facet}`;

/** The base every facet carries. */
export const standardFacet = (facet: string, version: string) => ({
  _producer: PRODUCER,
  _schemaURL: standardFacetSchemaUrl(facet, version),
});
