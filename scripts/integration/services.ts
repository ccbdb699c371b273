/**
 * The engines the integration tests run for real, each on 127.0.0.1: what to install (once, into
 * `.cache/integration/`) and how to start it. `test/integration/globalSetup.ts` starts them all
 * before the scenarios and stops them after; each scenario reads their addresses with
 * `inject("integration")`.
 */
import { type IcebergInfo, iceberg } from "./icebergRest.js";
import { type KafkaInfo, kafka } from "./kafka.js";
import { type S3Info, s3 } from "./s3.js";
import type { RunningServer } from "./service.js";
import { spark } from "./spark.js";
import { tools } from "./tools.js";

export interface IntegrationService<Info> {
  readonly name: string;
  /** Downloads and builds; idempotent. */
  install(): Promise<void> | void;
  /** Starts the server(s); `others` holds the addresses of the services listed before it. */
  start(others: Partial<IntegrationServices>): Promise<{ servers: RunningServer[]; info: Info }>;
}

/** What the scenarios get: each service's addresses and credentials (all loopback, all throwaway). */
export interface IntegrationServices {
  readonly tools: { readonly python: string; readonly duckdbExtensions: string };
  readonly s3: S3Info;
  readonly iceberg: IcebergInfo;
  readonly kafka: KafkaInfo;
  /** Spark in local mode: the venv's python and spark-submit (PySpark), and the image's jars. */
  readonly spark: { readonly python: string; readonly sparkSubmit: string; readonly jars: readonly string[] };
}

export const INTEGRATION_SERVICES: readonly IntegrationService<unknown>[] = [
  tools,
  s3,
  iceberg,
  kafka,
  spark,
];
