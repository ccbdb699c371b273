import type { PolicyResource } from "@pulumi/policy";
import { kafkaPrincipal } from "../../../components/naming.js";
import { parsePolicyDocument } from "../shared/iamPolicy.js";
import { permissionDocuments } from "../shared/policyDocuments.js";
import { UnknownDeferral } from "../shared/unknown.js";
import type { MeshStackPolicy } from "../types.js";
import { domainDeclarations } from "./domainDeclaration.js";
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

/** What an IAM policy's Allow statements reach, by resource ARN. */
function iamGrants(r: PolicyResource): Grant[] {
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

/** What a Kafka Allow ACL gives the stack's own principal on topics. */
function aclGrants(r: PolicyResource, principal: string): Grant[] {
  const p = r.props;
  const isOwnTopicAllow =
    r.type === "kafka:index/acl:Acl" &&
    String(p.aclPermissionType).toLowerCase() === "allow" &&
    String(p.aclResourceType).toLowerCase() === "topic" &&
    p.aclPrincipal === principal;
  if (!isOwnTopicAllow) return [];
  const name = String(p.aclResourceName);
  const prefixed = String(p.resourcePatternTypeFilter).toLowerCase() === "prefixed";
  const scope = prefixed ? scopeOfTopicPrefix(name) : scopeOfTopic(name);
  return scope ? [{ scope, where: `aclResourceName ${name}` }] : [];
}

/** Compliant: the stack's IAM policies and Kafka ACLs reach another domain's product only if the Domain declares it in `consumes`. */
const rule: MeshStackPolicy = {
  name: "mesh-cross-domain-access-declared",
  description:
    "A domain reaches another domain's bucket data, tables or topics only for products it declares it consumes.",
  group: "mesh",
  severity: "critical",
  remediation:
    "Add the product (`<domain>.<product>.v<major>`) to the domain's consumes, or remove the grant.",
  validateStack: (args, report) => {
    const unknowns = new UnknownDeferral();
    for (const declaration of domainDeclarations(args)) {
      const principal = kafkaPrincipal(declaration.domain);
      for (const r of args.resources) {
        unknowns.run(() => {
          for (const { scope, where } of [...iamGrants(r), ...aclGrants(r, principal)]) {
            if (scope.domain === declaration.domain) continue;
            const id = productId(scope);
            if (id && declaration.consumes.has(id)) continue;
            report(
              `${where}: reaches ${describeScope(scope)}, which domain ${declaration.domain} does not declare in consumes; declare it or remove the grant.`,
              r.urn,
            );
          }
        });
      }
    }
    unknowns.rethrow();
  },
};

export default rule;
