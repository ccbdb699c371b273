export { CronError, type CronSchedule, cronProblem, parseCron } from "./cron.js";
export { type DomainDefinition, defineDomain, parseDomain, validateDomain } from "./defineDomain.js";
export { DeclarationError, type DeclarationProblem, formatProblems } from "./errors.js";
export { domainJsonSchema } from "./jsonSchema.js";
export { DEFAULT_NAME_PREFIX, type NamingContext, nameLimitProblems } from "./limits.js";
export { consumersOf, type Mesh, publishedIds, validateMesh } from "./mesh.js";
export * from "./schema.js";
export * from "./types.js";
export { durationMinutes } from "./units.js";
