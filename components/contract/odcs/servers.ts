/**
 * Where a product's data lives, as ODCS servers: its Kafka topic (raw records, JSON validated
 * against the message schema) and its Iceberg table in the shared S3 warehouse, per environment.
 * Only known when the platform settings of the domain's stacks are at hand.
 */
import { glueDatabaseName, kafkaTopicName, type ProductRef, warehousePrefix } from "../../naming.js";

/** The platform of one environment a product is deployed to (from `platform.yaml`). */
export interface Deployment {
  readonly environment: string;
  readonly kafkaBootstrapServers: readonly string[];
  readonly warehouseBucket: string;
}

/**
 * The servers of `ref` in each deployment; `topic` false for a product derived only from other
 * products (`ingestion: false`), which has no Kafka topic, only its table.
 */
export function serversOf(
  ref: ProductRef,
  deployments: readonly Deployment[],
  topic: boolean,
): Record<string, unknown>[] {
  return deployments.flatMap((d) => [
    ...(topic
      ? [
          {
            server: `kafka-${d.environment}`,
            type: "kafka",
            environment: d.environment,
            description: "Ingestion topic: one JSON record per message, validated against the contract.",
            host: d.kafkaBootstrapServers.join(","),
            format: "json",
            customProperties: [{ property: "topic", value: kafkaTopicName(ref) }],
          },
        ]
      : []),
    {
      server: `warehouse-${d.environment}`,
      type: "s3",
      environment: d.environment,
      description: "The product's Iceberg table in the shared warehouse, registered in AWS Glue.",
      location: `s3://${d.warehouseBucket}/${warehousePrefix(ref)}`,
      format: "iceberg",
      customProperties: [{ property: "glueDatabase", value: glueDatabaseName(d.environment, ref.domain) }],
    },
  ]);
}
