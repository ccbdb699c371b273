import { kafkaPrincipal } from "../../../components/naming.js";
import { ACL } from "../kafka/tokens.js";
import { parsePolicyDocument } from "../shared/iamPolicy.js";
import { PERMISSION_POLICY_HOLDERS, permissionDocuments } from "../shared/policyDocuments.js";
import { typedValidation } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { observe, observedTypes } from "./declarationsSeen.js";
import { DOMAIN_TYPE } from "./domainDeclaration.js";
import {
  describeScope,
  type ProductScope,
  productId,
  scopeOfArn,
  scopeOfTopic,
  scopeOfTopicPrefix,
} from "./productScope.js";

interface Grant {
  readonly scope: ProductScope;
  readonly where: string;
}

interface Props {
  readonly type: string;
  readonly props: Record<string, any>;
}

/** What an IAM policy's Allow statements reach, by resource ARN. */
function iamGrants(r: Props): Grant[] {
  return permissionDocuments(r.type, r.props).flatMap(({ field, document }) => {
    const parsed = document === undefined ? undefined : parsePolicyDocument(document);
    if (!parsed || "error" in parsed) return []; // malformed documents are iam-* rules' concern
    return parsed.statements
      .filter((s) => s.effect === "Allow")
      .flatMap((s) =>
        s.resources.map((arn) => ({ arn, where: `${field} Statement[${s.index}] Resource ${arn}` })),
      )
      .flatMap(({ arn, where }) => {
        const scope = scopeOfArn(arn);
        return scope ? [{ scope, where }] : [];
      });
  });
}

/**
 * What a Kafka Allow ACL gives the domain's own principal on topics (a grant to another principal
 * is the producer's to give); without a governing Domain, what it gives anyone.
 */
function aclGrants(r: Props, principal: string | undefined): Grant[] {
  const p = r.props;
  const isOwnTopicAllow =
    (ACL as readonly string[]).includes(r.type) &&
    String(p.aclPermissionType).toLowerCase() === "allow" &&
    String(p.aclResourceType).toLowerCase() === "topic" &&
    (principal === undefined || p.aclPrincipal === principal);
  if (!isOwnTopicAllow) return [];
  const name = String(p.aclResourceName);
  const prefixed = String(p.resourcePatternTypeFilter).toLowerCase() === "prefixed";
  const scope = prefixed ? scopeOfTopicPrefix(name) : scopeOfTopic(name);
  return scope ? [{ scope, where: `aclResourceName ${name}` }] : [];
}

/** Compliant: IAM policies and Kafka ACLs reach another domain's product only if their Domain declares it in `consumes`. */
const rule: MeshResourcePolicy = {
  name: "mesh-cross-domain-access-declared",
  description:
    "A domain reaches another domain's bucket data, tables or topics only for products it declares it consumes.",
  group: "mesh",
  severity: "critical",
  remediation:
    "Add the product (`<domain>.<product>.v<major>`) to the domain's consumes, or remove the grant.",
  // Resource-level, so it runs before anything is created: it judges each grant against the
  // declaration of the Domain it belongs to, seen earlier in the same run (declarationsSeen.ts).
  // Judged: what carries a permissions policy (permissionDocuments) and Kafka ACLs (aclGrants).
  validateResource: typedValidation(observedTypes([...PERMISSION_POLICY_HOLDERS, ...ACL]), (args, report) => {
    const declaration = observe(args);
    if (args.type === DOMAIN_TYPE) return;
    const r = { type: args.type, props: args.props };
    // Without a Domain nothing is declared: any reach into a domain's products is undeclared.
    const grants = [...iamGrants(r), ...aclGrants(r, declaration && kafkaPrincipal(declaration.domain))];
    for (const { scope, where } of grants) {
      if (declaration && scope.domain === declaration.domain) continue;
      const id = productId(scope);
      if (declaration && id && declaration.consumes.has(id)) continue;
      report(
        declaration
          ? `${where}: reaches ${describeScope(scope)}, which domain ${declaration.domain} does not declare in consumes; declare it or remove the grant.`
          : `${where}: reaches ${describeScope(scope)}, but no Domain declaration governs this resource; only a domain's declared consumes may reach another domain's products.`,
      );
    }
  }),
};

export default rule;
