import { asArray, forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { ENCRYPTION } from "./tokens.js";
import { isSet } from "./values.js";

/** Compliant: every default-encryption rule uses SSE-KMS (`aws:kms`, with bucketKeyEnabled) or DSSE-KMS, with a named key. */
const rule: MeshResourcePolicy = {
  name: "s3-encryption-sse-kms-bucket-key",
  description:
    "S3 default encryption uses a named KMS key (not AES256 or the AWS-managed aws/s3 key) with S3 Bucket Keys enabled.",
  group: "s3",
  severity: "high",
  remediation:
    'Set rules[].applyServerSideEncryptionByDefault.sseAlgorithm "aws:kms" with a kmsMasterKeyId, and bucketKeyEnabled true.',
  validateResource: forTypes(ENCRYPTION, (props, _args, report) => {
    const rules = asArray(props.rules);
    if (rules.length === 0) report("rules: empty; add a rule with sseAlgorithm aws:kms.");
    rules.forEach((r: any, i: number) => {
      const sse = r?.applyServerSideEncryptionByDefault;
      const at = `rules[${i}].applyServerSideEncryptionByDefault`;
      const algorithm = sse?.sseAlgorithm;
      if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") {
        report(
          `${at}.sseAlgorithm: ${algorithm === undefined ? "unset" : `"${algorithm}" is not KMS`}; use "aws:kms".`,
        );
        return;
      }
      // Without a key ID S3 uses the account's AWS-managed `aws/s3` key, which every principal of
      // the account may use through S3: the domain's own key is what keeps its data its own.
      if (!isSet(sse, "kmsMasterKeyId")) {
        report(`${at}.kmsMasterKeyId: unset, so the AWS-managed aws/s3 key is used; name the domain's key.`);
      }
      // DSSE-KMS does not support bucket keys.
      if (algorithm === "aws:kms" && r?.bucketKeyEnabled !== true) {
        report(`rules[${i}].bucketKeyEnabled: must be true to cut KMS request cost and throttling.`);
      }
    });
  }),
};

export default rule;
