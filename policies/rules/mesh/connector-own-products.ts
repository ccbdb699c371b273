import { ingestRoleName, ingestRoleNameEnding, parseTopicName } from "../../../components/naming.js";
import { connectorConfig, connectorSetting, KAFKA_CONNECTOR } from "../kafka/tokens.js";
import { typedValidation } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { observe, observedTypes } from "./declarationsSeen.js";
import { DOMAIN_TYPE } from "./domainDeclaration.js";

// Connectors of every domain share the platform's Connect namespace, and an external ID is no
// secret: this rule is what keeps one domain from pointing a connector at another's topic or role.
// Resource-level, so it holds before the connector starts consuming: it judges each connector
// against the declaration of the Domain it belongs to, seen earlier in the run (declarationsSeen.ts).

/** Compliant: each Kafka connector of a domain's stack reads the topic of one own product that ingests (not `ingestion: false`), fails to its `.dlq` and assumes its ingest role. */
const rule: MeshResourcePolicy = {
  name: "mesh-connector-own-products",
  description:
    "A domain's Kafka connectors read only its own ingesting products' topics and assume only those products' ingest roles.",
  group: "mesh",
  severity: "critical",
  remediation:
    "Create connectors only through the platform's StagingSink, which sets topics, errors.deadletterqueue.topic.name and aws.sts.role.arn from the product.",
  validateResource: typedValidation(observedTypes(KAFKA_CONNECTOR), (args, report) => {
    const declaration = observe(args);
    if (args.type === DOMAIN_TYPE || !(KAFKA_CONNECTOR as readonly string[]).includes(args.type)) return;
    const config = connectorConfig(args.props);
    const topics = (connectorSetting(config, "topics") ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    if (topics.length !== 1) {
      report(
        `spec.config.topics: "${topics.join(",")}": a sink serves exactly one product's topic (use topics, not topics.regex).`,
      );
      return;
    }
    const topic = topics[0]!;
    const product = parseTopicName(topic);
    // Without a Domain, the stack owns no product: no connector of it may read one.
    const own = new Set(declaration ? [...declaration.products, ...declaration.retained] : []);
    if (!product || product.deadLetter || !own.has(topic)) {
      report(
        `spec.config.topics: "${topic}" is not a product of ${declaration ? `domain ${declaration.domain}` : "this stack, which has no Domain"}; a domain's connectors read only its own products.`,
      );
      return;
    }
    // A product derived only from other products ingests nothing: it has no topic to land.
    if (declaration!.derived.includes(topic)) {
      report(
        `spec.config.topics: "${topic}" is a product derived only from other products (ingestion: false) of domain ${declaration!.domain}; it has no topic and no staging, so no sink.`,
      );
      return;
    }
    const deadLetter = connectorSetting(config, "errors.deadletterqueue.topic.name");
    if (deadLetter !== undefined && deadLetter !== `${topic}.dlq`) {
      report(
        `spec.config["errors.deadletterqueue.topic.name"]: "${deadLetter}" is not ${topic}'s dead-letter topic ${topic}.dlq.`,
      );
    }
    const role = connectorSetting(config, "aws.sts.role.arn");
    // The name ingestRoleName gives it. Without the stack's prefix only its ending can be checked,
    // which a domain named `<x>-<env>-<domain>` could share.
    const { namePrefix, environment } = declaration!;
    const name =
      namePrefix !== undefined
        ? `/${ingestRoleName(namePrefix, environment, product)}`
        : ingestRoleNameEnding(environment, product);
    if (role !== undefined && !(/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(role) && role.endsWith(name))) {
      report(`spec.config["aws.sts.role.arn"]: "${role}" is not ${topic}'s ingest role (…${name}).`);
    }
  }),
};

export default rule;
