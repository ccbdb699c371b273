/**
 * The CrossGuard policy pack: `pulumi preview --policy-pack policies`. The only module that
 * constructs a PolicyPack, which starts the gRPC server the Pulumi CLI talks to; everything else
 * imports the rules from policies/rules.
 */
import { PolicyPack } from "@pulumi/policy";
import { resolvePackEnvironment } from "./packEnvironment.js";
import { allRules } from "./rules/all.js";
import { forEnvironment } from "./rules/enforcement.js";

const { environment, source } = resolvePackEnvironment(process.env);
// stderr, because the CLI reads the server's port from the first line of stdout.
console.error(`data-mesh policy pack: enforcing ${environment} levels (${source})`);

new PolicyPack("data-mesh", {
  description: "Data mesh guardrails: S3, IAM, Kafka, Kubernetes, governance and cross-domain access.",
  policies: allRules.map((rule) => forEnvironment(rule, environment)),
});
