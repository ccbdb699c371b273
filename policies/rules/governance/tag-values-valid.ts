import { LABEL_KEYS, TAG_KEYS } from "../../../components/naming.js";
import { environmentOf } from "../environment.js";
import { typedValidation } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { CLASSIFICATIONS } from "./classification.js";
import {
  awsTagSources,
  firstValueOf,
  isAwsType,
  isTaggableAws,
  kubernetesLabels,
  writesKubernetesLabels,
} from "./labelled.js";

/** AWS resources (taggable ones, by type or by inputs), Kubernetes objects and patches of them. */
const carriesGovernanceTags = (type: string) => isAwsType(type) || writesKubernetesLabels(type);

/** Compliant: where present, the environment tag/label equals the stack environment and the classification is a known one. */
const rule: MeshResourcePolicy = {
  name: "governance-tag-values-valid",
  description:
    "Governance tags and labels hold valid values: the stack's environment and a known classification.",
  group: "governance",
  severity: "medium",
  remediation: `Set the environment tag to the stack's environment and classification to one of ${CLASSIFICATIONS.join(", ")}.`,
  validateResource: typedValidation(carriesGovernanceTags, (args, report) => {
    const aws = isTaggableAws(args.type, args.props);
    if (!aws && !writesKubernetesLabels(args.type))
      return args.notApplicable("the resource carries no governance tags");
    const [sources, keys, field] = aws
      ? [awsTagSources(args), TAG_KEYS, "tags"]
      : [[kubernetesLabels(args.props)], LABEL_KEYS, "metadata.labels"];
    const environment = firstValueOf(sources, keys.environment);
    if (environment !== undefined && environment !== environmentOf(args)) {
      report(
        `${field}["${keys.environment}"]: "${environment}" but the stack is ${environmentOf(args)}; fix the value.`,
      );
    }
    const classification = firstValueOf(sources, keys.classification);
    if (classification !== undefined && !(CLASSIFICATIONS as readonly unknown[]).includes(classification)) {
      report(
        `${field}["${keys.classification}"]: "${classification}"; use one of ${CLASSIFICATIONS.join(", ")}.`,
      );
    }
  }),
};

export default rule;
