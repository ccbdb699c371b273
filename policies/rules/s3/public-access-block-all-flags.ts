import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { PUBLIC_ACCESS_BLOCK } from "./tokens.js";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/** Compliant: a bucket public access block sets all four of its flags to true. */
const rule: MeshResourcePolicy = {
  name: "s3-public-access-block-all-flags",
  description: "S3 public access blocks enable all four blocking flags.",
  group: "s3",
  severity: "critical",
  remediation: "Set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true.",
  validateResource: forTypes(PUBLIC_ACCESS_BLOCK, (props, _args, report) => {
    const off = FLAGS.filter((flag) => props[flag] !== true);
    if (off.length > 0) report(`${off.join(", ")}: must be true; set every public access block flag.`);
  }),
};

export default rule;
