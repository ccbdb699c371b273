/**
 * The data mesh platform: what domain teams declare (`defineDomain`) and the components that turn
 * a declaration into a mesh node. Policies are exported separately, from `@datamesh/platform/policies`.
 */
export {
  BACKOFF_LIMIT,
  dataKeyPolicy,
  runnerArgs,
  STARTING_DEADLINE_SECONDS,
  TransformJob,
  type TransformJobArgs,
  transformPolicy,
} from "./compute/TransformJob.js";
export * from "./contract/index.js";
export {
  type Consumer,
  DataProduct,
  type DataProductArgs,
  type OutputPort,
  type ReadGrant,
} from "./DataProduct.js";
export { Domain, type DomainArgs } from "./Domain.js";
export * from "./declaration/index.js";
export * from "./governance.js";
export { IngestionTopic, type IngestionTopicArgs, TOPIC_DURABILITY } from "./kafka/IngestionTopic.js";
export {
  ingestKeyPolicy,
  ingestPolicy,
  STAGING_SINK_CONNECTOR_CLASS,
  StagingSink,
  type StagingSinkArgs,
  stagingSinkConfig,
} from "./kafka/StagingSink.js";
export * from "./naming.js";
export * from "./platform.js";
export {
  accessRoles,
  meshAccess,
  meshTransformRoles,
  type ProductAccess,
  productAccess,
  stackAccess,
  transformRoleNames,
} from "./productAccess.js";
export { denyInsecureTransport, StagingBucket, type StagingBucketArgs } from "./storage/StagingBucket.js";
export {
  compileColumns,
  type GlueColumn,
  WarehouseTable,
  type WarehouseTableArgs,
} from "./warehouse/WarehouseTable.js";
