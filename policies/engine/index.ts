export { NotApplicableError } from "./args.js";
export { evaluatePolicies } from "./evaluate.js";
export { parseStateFile, readStateFile, StateFileError } from "./stateFile.js";
export type { EvaluateOptions, PlannedResource, Violation, ViolationLevel } from "./types.js";
export { isNote, UNKNOWN_STRING } from "./types.js";
