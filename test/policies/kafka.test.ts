import { describe, expect, it } from "vitest";
import { UNKNOWN_STRING } from "../../policies/engine/index.js";
import { kafkaCases } from "./cases/kafka.js";
import { topic } from "./cases/kafkaCompanions.js";
import { findings, resource, runCases } from "./harness.js";

runCases(kafkaCases);

describe("KafkaConnector rules: config values unknown at preview", () => {
  const connector = (config: Record<string, unknown>) =>
    resource("kubernetes:kafka.strimzi.io/v1:KafkaConnector", {
      metadata: { name: "sales--orders-v1-staging", namespace: "kafka-connect" },
      spec: { class: "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector", config },
    });

  it("defers the dead-letter check (advisory) rather than passing when the tolerance is unknown", async () => {
    const found = await findings("kafka-connector-dead-letter-queue", [
      connector({ "errors.tolerance": UNKNOWN_STRING }),
    ]);
    expect(found.map((v) => v.level)).toEqual(["advisory"]);
    expect(found[0]!.message).toMatch(/during preview/);
  });

  it("still reports a literal secret beside an unknown value, then defers the rest", async () => {
    const found = await findings("kafka-connector-no-static-credentials", [
      connector({ "aws.sts.role.arn": UNKNOWN_STRING, "ssl.truststore.password": "changeit" }),
    ]);
    expect(found.map((v) => [v.level, v.message.split(":")[0]])).toEqual([
      ["mandatory", 'spec.config["ssl.truststore.password"]'],
      ["advisory", "can't run policy 'kafka-connector-no-static-credentials' during preview"],
    ]);
  });
});

describe("mesh topic companion rules: topic names unknown at preview", () => {
  it("a topic whose name is unknown never stands in for the .dlq, and its own verdict is deferred", async () => {
    const [main, unnamed] = [topic(), topic(UNKNOWN_STRING)];
    const found = await findings("kafka-topic-has-dead-letter-topic", [main, unnamed]);
    expect(found.map((v) => [v.level, v.urn])).toEqual([
      ["mandatory", main.urn],
      ["advisory", ""],
    ]);
    expect(found[1]!.message).toMatch(/during preview/);
  });

  it("defers the owner-ACL check of a topic whose name is unknown rather than passing it", async () => {
    const found = await findings("kafka-topic-has-owner-acls", [topic(UNKNOWN_STRING)]);
    expect(found.map((v) => v.level)).toEqual(["advisory"]);
  });
});
