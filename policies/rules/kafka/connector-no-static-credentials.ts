import { forTypes } from "../shared/resource.js";
import { UnknownDeferral } from "../shared/unknown.js";
import type { MeshResourcePolicy } from "../types.js";
import { connectorConfig, KAFKA_CONNECTOR } from "./tokens.js";

/**
 * Long-lived cloud keys, forbidden whatever their value: read through a config provider they are
 * still static keys, where the workers' workload identity (e.g. `aws.sts.role.arn`) needs none.
 */
const CLOUD_KEY_SETTINGS = [
  "aws.access.key.id",
  "aws.secret.access.key",
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws.session.token",
  "gcs.credentials.json",
  "azure.storage.connection.string",
];
/** Settings that hold a secret, which must come from a config provider (`${secrets:…}`), not a literal. */
const SECRET_SETTING = /secret|password|passwd/i;
/** A JAAS config carrying a literal `password="…"` rather than `password="${…}"`. */
const LITERAL_JAAS_PASSWORD = /password\s*=\s*"(?!\$\{)[^"]+"/i;
/** A Kafka config provider reference, `${provider:[path:]key}`, resolved by the workers. */
const PROVIDER_REFERENCE = /^\$\{[^}]+\}$/;

/** Compliant: a KafkaConnector's config carries no cloud access keys and no literal secret or password. */
const rule: MeshResourcePolicy = {
  name: "kafka-connector-no-static-credentials",
  description: "Kafka connector configs carry no static cloud credentials and no literal secrets.",
  group: "kafka",
  severity: "critical",
  remediation: `Remove access keys: let the connector assume a role from the workers' identity (aws.sts.role.arn with IRSA). Read other secrets through a config provider, e.g. \${secrets:<namespace>/<secret>:<key>}.`,
  validateResource: forTypes(KAFKA_CONNECTOR, (props, _args, report) => {
    const config = connectorConfig(props);
    // One value unknown at preview does not hide findings on the others; it is rethrown at the end.
    const unknowns = new UnknownDeferral();
    for (const key of Object.keys(config)) {
      unknowns.run(() => {
        const value = config[key];
        if (value === undefined || value === null || String(value).trim() === "") return;
        const at = `spec.config["${key}"]`;
        if (CLOUD_KEY_SETTINGS.includes(key.toLowerCase())) {
          report(`${at}: a static cloud credential; remove it and use the workers' workload identity.`);
        } else if (SECRET_SETTING.test(key) && !PROVIDER_REFERENCE.test(String(value).trim())) {
          report(`${at}: a literal secret; read it through a config provider such as \${secrets:…}.`);
        } else if (/sasl\.jaas\.config$/i.test(key) && LITERAL_JAAS_PASSWORD.test(String(value))) {
          report(`${at}: a literal password in the JAAS config; read it through a config provider.`);
        }
      });
    }
    unknowns.rethrow();
  }),
};

export default rule;
