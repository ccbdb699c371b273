import { at } from "../shared/iamPolicy.js";
import { forEachPermissionStatement, PERMISSION_POLICY_HOLDERS } from "../shared/policyDocuments.js";
import { forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";

/** `*` or a whole service (`s3:*`); narrower wildcards such as `s3:Get*` are allowed. */
const isWildcardAction = (action: string) => action === "*" || /^[^:]+:\*$/.test(action);

/** Compliant: no Allow statement grants `*`, `service:*`, or uses NotAction. */
const rule: MeshResourcePolicy = {
  name: "iam-no-wildcard-action",
  description: "IAM policies never allow every action, or every action of a service.",
  group: "iam",
  severity: "high",
  remediation: "List the specific actions the workload calls (e.g. s3:GetObject, s3:PutObject).",
  validateResource: forTypes(PERMISSION_POLICY_HOLDERS, (props, args, report) => {
    forEachPermissionStatement(args.type, props, report, (s, field) => {
      if (s.effect !== "Allow") return;
      const wildcards = s.actions.filter(isWildcardAction);
      if (wildcards.length > 0)
        report(`${at(field, s)}: Action ${wildcards.join(", ")}; list specific actions.`);
      if (s.notActions.length > 0)
        report(`${at(field, s)}: Allow with NotAction grants all other actions; use Action.`);
    });
  }),
};

export default rule;
