import type { ResourceValidationArgs } from "@pulumi/policy";
import { TAG_KEYS } from "../../../components/naming.js";
import { environmentOf } from "../environment.js";
import { typedRemediation, typedValidation } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { awsTagSources, isAwsType, isTaggableAws } from "./labelled.js";

const REQUIRED: readonly string[] = Object.values(TAG_KEYS);

function missingTags(args: ResourceValidationArgs): string[] {
  const present = new Set(awsTagSources(args).flatMap((tags) => Object.keys(tags)));
  return REQUIRED.filter((key) => !present.has(key));
}

/** Compliant: every taggable AWS resource carries mesh:domain, mesh:owner, mesh:environment and mesh:classification (own tags or provider defaultTags). */
const rule: MeshResourcePolicy = {
  name: "aws-governance-tags",
  description: "Taggable AWS resources carry the mesh governance tags.",
  group: "governance",
  severity: "medium",
  remediation: `Add ${REQUIRED.join(", ")} to tags (or to the provider's defaultTags). Remediation adds ${TAG_KEYS.environment} only: the others cannot be inferred.`,
  validateResource: typedValidation(isAwsType, (args, report) => {
    if (!isTaggableAws(args.type, args.props)) return args.notApplicable("the resource takes no tags");
    const missing = missingTags(args);
    if (missing.length > 0)
      report(`tags: missing ${missing.join(", ")}; add them here or in the provider's defaultTags.`);
  }),
  // Lossless: only adds the environment tag, whose value the stack itself determines.
  remediateResource: typedRemediation(isAwsType, (args) => {
    if (!isTaggableAws(args.type, args.props)) return args.notApplicable("the resource takes no tags");
    if (!missingTags(args).includes(TAG_KEYS.environment)) return undefined;
    const props = args.props;
    // Mutating the proxied inputs (not copying them) keeps values unknown at preview intact.
    if (props.tags === undefined) props.tags = {};
    props.tags[TAG_KEYS.environment] = environmentOf(args);
    return props;
  }),
};

export default rule;
