import { environmentOf } from "../environment.js";
import { typedValidation } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";

/** Resources whose deletion loses data. */
export const STATEFUL_TYPES = [
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "kafka:index/topic:Topic",
  "aws:glue/catalogDatabase:CatalogDatabase",
  "aws:glue/catalogTable:CatalogTable",
  "aws:kms/key:Key",
];

/** Compliant: in prod, stateful resources (buckets, topics, Glue databases/tables, KMS keys) are protected. */
const rule: MeshResourcePolicy = {
  name: "stateful-resources-protected",
  description: "In prod, stateful resources are protected from deletion.",
  group: "governance",
  severity: "high",
  remediation:
    "Pass { protect: true } in the resource options (components do this when environment is prod).",
  validateResource: typedValidation(STATEFUL_TYPES, (args, report) => {
    if (!STATEFUL_TYPES.includes(args.type)) return args.notApplicable("the resource is not stateful");
    if (environmentOf(args) !== "prod") return args.notApplicable("protection is enforced in prod only");
    if (!args.opts.protect)
      report("opts.protect: false; set protect: true so `pulumi destroy` cannot delete data.");
  }),
};

export default rule;
