import { actionMatches, at } from "../shared/iamPolicy.js";
import { forEachPermissionStatement, PERMISSION_POLICY_HOLDERS } from "../shared/policyDocuments.js";
import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";

/** Actions AWS only authorises on `*` (they have no resource type to scope to). */
export const UNSCOPABLE_ACTIONS = [
  "sts:GetCallerIdentity",
  "s3:ListAllMyBuckets",
  "ec2:Describe*",
  "logs:DescribeLogGroups",
  "cloudwatch:PutMetricData",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "kms:ListAliases",
  "kms:ListKeys",
  "kafka:ListClusters",
  "kafka:ListClustersV2",
  "athena:ListWorkGroups",
  // Lake Formation vends table credentials through it; access is decided by Lake Formation grants.
  "lakeformation:GetDataAccess",
];

/** Compliant: Allow statements use `Resource: "*"` only for actions that cannot be scoped, and never NotResource. */
const rule: MeshResourcePolicy = {
  name: "iam-no-wildcard-resource",
  description: 'IAM policies scope scopable actions to resource ARNs instead of "*".',
  group: "iam",
  severity: "high",
  remediation: 'Replace "*" with the ARNs the workload uses; move unscopable actions to their own statement.',
  configSchema: {
    properties: {
      unscopableActions: {
        type: "array",
        items: { type: "string" },
        default: UNSCOPABLE_ACTIONS,
        description: 'Actions (IAM patterns) allowed on Resource "*".',
      },
    },
  },
  validateResource: forTypes(PERMISSION_POLICY_HOLDERS, (props, args, report) => {
    const { unscopableActions = UNSCOPABLE_ACTIONS } = args.getConfig<{ unscopableActions?: string[] }>();
    forEachPermissionStatement(args.type, props, report, (s, field) => {
      if (s.effect !== "Allow") return;
      if (s.notResources.length > 0)
        report(`${at(field, s)}: Allow with NotResource covers all other resources; use Resource.`);
      if (!s.resources.includes("*")) return;
      const scopable = s.actions.filter((a) => !unscopableActions.some((u) => actionMatches(u, a)));
      if (scopable.length > 0)
        report(`${at(field, s)}: Resource "*" for ${scopable.join(", ")}; name the ARNs.`);
    });
  }),
};

export default rule;
