export { child, formatProblem, OdcsImportError, type OdcsProblem } from "./errors.js";
export { type OdcsDocument, type OdcsExportContext, odcsFileName, odcsYaml, toOdcs } from "./exportOdcs.js";
export {
  type DataProductInput,
  fromOdcs,
  fromOdcsTables,
  type ImportedProduct,
  PLACEHOLDER_SQL,
  readOdcsYaml,
} from "./importOdcs.js";
export { renderProductTs, renderProductYaml } from "./render.js";
export type { Deployment } from "./servers.js";
export { ODCS_API_VERSION, odcsSchemaProblems } from "./validate.js";
