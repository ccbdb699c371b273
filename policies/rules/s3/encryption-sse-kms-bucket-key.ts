import { asArray, forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { ENCRYPTION } from "./tokens.js";

/** Compliant: every default-encryption rule uses SSE-KMS (`aws:kms`, with bucketKeyEnabled) or DSSE-KMS. */
const rule: MeshResourcePolicy = {
  name: "s3-encryption-sse-kms-bucket-key",
  description: "S3 default encryption uses KMS keys (not AES256) with S3 Bucket Keys enabled.",
  group: "s3",
  severity: "high",
  remediation:
    'Set rules[].applyServerSideEncryptionByDefault.sseAlgorithm "aws:kms" with a kmsMasterKeyId, and bucketKeyEnabled true.',
  validateResource: forTypes(ENCRYPTION, (props, _args, report) => {
    const rules = asArray(props.rules);
    if (rules.length === 0) report("rules: empty; add a rule with sseAlgorithm aws:kms.");
    rules.forEach((r: any, i: number) => {
      const algorithm = r?.applyServerSideEncryptionByDefault?.sseAlgorithm;
      if (algorithm === "aws:kms:dsse") return; // DSSE-KMS does not support bucket keys
      if (algorithm !== "aws:kms") {
        report(
          `rules[${i}].applyServerSideEncryptionByDefault.sseAlgorithm: "${algorithm}" is not KMS; use "aws:kms".`,
        );
      } else if (r?.bucketKeyEnabled !== true) {
        report(`rules[${i}].bucketKeyEnabled: must be true to cut KMS request cost and throttling.`);
      }
    });
  }),
};

export default rule;
