import { ingestRoleName, ingestRoleNameEnding, parseTopicName } from "../../../components/naming.js";
import { connectorConfig, connectorSetting, KAFKA_CONNECTOR } from "../kafka/tokens.js";
import { UnknownDeferral } from "../shared/unknown.js";
import type { MeshStackPolicy } from "../types.js";
import { domainDeclarations } from "./domainDeclaration.js";

// Connectors of every domain share the platform's Connect namespace, and an external ID is no
// secret: this rule is what keeps one domain from pointing a connector at another's topic or role.

/** Compliant: each Kafka connector of a domain's stack reads one own product's topic, fails to its `.dlq` and assumes its ingest role. */
const rule: MeshStackPolicy = {
  name: "mesh-connector-own-products",
  description:
    "A domain's Kafka connectors read only its own products' topics and assume only those products' ingest roles.",
  group: "mesh",
  severity: "critical",
  remediation:
    "Create connectors only through the platform's StagingSink, which sets topics, errors.deadletterqueue.topic.name and aws.sts.role.arn from the product.",
  validateStack: (args, report) => {
    const unknowns = new UnknownDeferral();
    const connectors = args.resources.filter((r) => (KAFKA_CONNECTOR as readonly string[]).includes(r.type));
    for (const declaration of domainDeclarations(args)) {
      const own = new Set([...declaration.products, ...declaration.retained]);
      for (const r of connectors) {
        unknowns.run(() => {
          const config = connectorConfig(r.props);
          const topics = (connectorSetting(config, "topics") ?? "")
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean);
          if (topics.length !== 1) {
            report(
              `spec.config.topics: "${topics.join(",")}": a sink serves exactly one product's topic (use topics, not topics.regex).`,
              r.urn,
            );
            return;
          }
          const topic = topics[0]!;
          const product = parseTopicName(topic);
          if (!product || product.deadLetter || !own.has(topic)) {
            report(
              `spec.config.topics: "${topic}" is not a product of domain ${declaration.domain}; a domain's connectors read only its own products.`,
              r.urn,
            );
            return;
          }
          const deadLetter = connectorSetting(config, "errors.deadletterqueue.topic.name");
          if (deadLetter !== undefined && deadLetter !== `${topic}.dlq`) {
            report(
              `spec.config["errors.deadletterqueue.topic.name"]: "${deadLetter}" is not ${topic}'s dead-letter topic ${topic}.dlq.`,
              r.urn,
            );
          }
          const role = connectorSetting(config, "aws.sts.role.arn");
          // The name ingestRoleName gives it. Without the stack's prefix only its ending can be
          // checked, which a domain named `<x>-<env>-<domain>` could share.
          const { namePrefix, environment } = declaration;
          const name =
            namePrefix !== undefined
              ? `/${ingestRoleName(namePrefix, environment, product)}`
              : ingestRoleNameEnding(environment, product);
          if (
            role !== undefined &&
            !(/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(role) && role.endsWith(name))
          ) {
            report(
              `spec.config["aws.sts.role.arn"]: "${role}" is not ${topic}'s ingest role (…${name}).`,
              r.urn,
            );
          }
        });
      }
    }
    unknowns.rethrow();
  },
};

export default rule;
