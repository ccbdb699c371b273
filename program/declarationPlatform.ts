/**
 * `@datamesh/platform` as a domain file sees it while another stack reads its declaration
 * (declarationReader.ts): the whole declaration API, but no component. Declaring is data; creating
 * resources is the platform's, and only in the domain's own stack. It also spares each reader the
 * seconds that loading the Pulumi SDKs takes. test/program/isolation.test.ts keeps the export
 * names equal to components/index.ts.
 */
export * from "../components/contract/index.js";
export * from "../components/declaration/index.js";
export * from "../components/governance.js";
export * from "../components/naming.js";
export * from "../components/platform.js";
// Pure functions of the declarations (no resource): the same as the platform's.
export {
  accessRoles,
  meshAccess,
  meshTransformRoles,
  productAccess,
  stackAccess,
  transformRoleNames,
} from "../components/productAccess.js";

/** A component, or a helper that builds resources: refused while a declaration is read. */
const componentOnly = (name: string) =>
  function unavailable(): never {
    throw new Error(
      `${name} belongs to the platform: a domain file only declares (\`export default defineDomain({...})\`), it creates nothing itself`,
    );
  };

export const TransformJob = componentOnly("TransformJob");
export const DataProduct = componentOnly("DataProduct");
export const Domain = componentOnly("Domain");
export const IngestionTopic = componentOnly("IngestionTopic");
export const StagingSink = componentOnly("StagingSink");
export const StagingBucket = componentOnly("StagingBucket");
export const WarehouseTable = componentOnly("WarehouseTable");
export const dataKeyPolicy = componentOnly("dataKeyPolicy");
export const runnerArgs = componentOnly("runnerArgs");
export const transformPolicy = componentOnly("transformPolicy");
export const ingestKeyPolicy = componentOnly("ingestKeyPolicy");
export const ingestPolicy = componentOnly("ingestPolicy");
export const stagingSinkConfig = componentOnly("stagingSinkConfig");
export const denyInsecureTransport = componentOnly("denyInsecureTransport");
export const compileColumns = componentOnly("compileColumns");
export const BACKOFF_LIMIT = undefined;
export const STARTING_DEADLINE_SECONDS = undefined;
export const TOPIC_DURABILITY = undefined;
export const STAGING_SINK_CONNECTOR_CLASS = undefined;
