/**
 * Packages loaded on first use rather than with the module that uses them. Every process that
 * reads a domain file loads the declaration API (program/declarationPlatform.ts), which exports the
 * ODCS and ODPS import and export; their YAML and JSON Schema libraries were a third of that load
 * (about 0.2 s per domain file read, and per `mesh` command) though reading a declaration never
 * calls them. `require` returns the module object an `import` would (both packages ship CommonJS).
 */
import { createRequire } from "node:module";
import type * as AjvModule from "ajv/dist/2019.js";
import type * as YamlModule from "yaml";

const require = createRequire(import.meta.url);

/** The `yaml` package. */
export const yaml = (): typeof YamlModule => require("yaml");

/** Ajv for JSON Schema draft 2019-09 (the ODCS and ODPS schemas' draft), with ajv-formats added. */
export function ajv2019(options: AjvModule.Options): AjvModule.Ajv2019 {
  const { Ajv2019 } = require("ajv/dist/2019.js") as typeof AjvModule;
  const formats = require("ajv-formats") as { default: (ajv: AjvModule.Ajv2019) => void };
  const ajv = new Ajv2019(options);
  formats.default(ajv);
  return ajv;
}
