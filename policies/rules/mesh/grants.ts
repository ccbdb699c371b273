/**
 * Every grant of a stack that can reach data, as "who" and "which resources": Kafka ACLs on topics,
 * IAM statements (inline policies, and managed policies through their attachments) and Lake
 * Formation permissions. Rules test a grant against concrete resources (`Target`) rather than parse
 * its pattern, so `orders/ord*`, `*` or a prefixed ACL are judged by what they actually cover.
 */
import type { PolicyResource } from "@pulumi/policy";
import { actionMatches, parsePolicyDocument, type Statement } from "../shared/iamPolicy.js";
import { PERMISSION_POLICY_TYPES, permissionDocuments, ROLE_TYPE } from "../shared/policyDocuments.js";
import { asArray, isRecord } from "../shared/resource.js";
import { arnCovers, arnCoversAll, arnReach } from "./arnPatterns.js";
import { EVERY_KEY, type KeyRange, type Target, type TargetGroup } from "./targets.js";

export interface Grant {
  /** An IAM role name, another IAM identity (`user/…`, `group/…`), or a Kafka principal. */
  readonly grantee: string;
  /** The input path at fault, for the message. */
  readonly where: string;
  readonly resource: PolicyResource;
  readonly covers: (target: Target) => boolean;
  /** The keys of a group of targets the grant can cover at all, so rules test only those. */
  readonly reach: (group: TargetGroup) => readonly KeyRange[];
}

/** IAM actions that read a target's data or schema, by target kind. */
const READ_ACTIONS: Record<Target["kind"], readonly string[]> = {
  topic: ["kafka-cluster:ReadData"],
  object: ["s3:GetObject", "s3:GetObjectVersion"],
  table: ["glue:GetTable", "glue:GetTables", "glue:GetPartitions"],
};

const KIND_OF: Record<TargetGroup, Target["kind"]> = {
  topic: "topic",
  table: "table",
  bucketObject: "object",
  anyBucketObject: "object",
};

/** What one Allow statement covers; whether it reads a kind is worked out once per kind. */
function statementCoverage(s: Statement): Pick<Grant, "covers" | "reach"> {
  const readsKind = new Map<Target["kind"], boolean>();
  const reads = (kind: Target["kind"]) => {
    let known = readsKind.get(kind);
    if (known === undefined) {
      const wanted = READ_ACTIONS[kind];
      known =
        s.notActions.length > 0
          ? !wanted.every((a) => s.notActions.some((p) => actionMatches(p, a)))
          : wanted.some((a) => s.actions.some((p) => actionMatches(p, a)));
      readsKind.set(kind, known);
    }
    return known;
  };
  return {
    covers: (target) =>
      reads(target.kind) &&
      (s.notResources.length > 0
        ? !s.notResources.some((p) => arnCoversAll(p, target))
        : s.resources.some((p) => arnCovers(p, target))),
    reach: (group) => {
      if (!reads(KIND_OF[group])) return [];
      // A NotResource statement covers all but what it names.
      if (s.notResources.length > 0) return [EVERY_KEY];
      return s.resources.flatMap((p) => arnReach(p, group) ?? []);
    },
  };
}

/** The Allow statements of a resource's permission documents; malformed ones are iam-* rules' concern. */
function allowStatements(r: PolicyResource): { field: string; statement: Statement }[] {
  return permissionDocuments(r.type, r.props).flatMap(({ field, document }) => {
    const parsed = document === undefined ? undefined : parsePolicyDocument(document);
    if (!parsed || "error" in parsed) return [];
    return parsed.statements.filter((s) => s.effect === "Allow").map((statement) => ({ field, statement }));
  });
}

/** A role reference (`name`, `arn:…:role/path/name`) as the role's name. */
const roleName = (ref: string) => ref.replace(/^arn:[^:]*:iam::[^:]*:role\/(?:.*\/)?/, "");

/**
 * The role an inline policy or attachment is given to: the Role its `role` input comes from (whose
 * name is known at preview, unlike its id), else the input itself.
 */
function roleOf(r: PolicyResource): string {
  const role = r.propertyDependencies?.role?.find((d) => d.type === ROLE_TYPE);
  return role ? String(role.props.name) : roleName(String(r.props.role));
}

/** Who a managed policy reaches: every attachment in the stack that names it. */
function attachedTo(policy: PolicyResource, resources: readonly PolicyResource[]): string[] {
  const arnSuffix = `:policy/${String(policy.props.name ?? policy.name)}`;
  const names = (r: PolicyResource, field: string) =>
    r.propertyDependencies?.[field]?.includes(policy) ||
    (typeof r.props[field] === "string" && r.props[field].endsWith(arnSuffix));
  return resources.flatMap((r) => {
    switch (r.type) {
      case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
        return names(r, "policyArn") ? [roleOf(r)] : [];
      case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
        return names(r, "policyArn") ? [`user/${String(r.props.user)}`] : [];
      case "aws:iam/groupPolicyAttachment:GroupPolicyAttachment":
        return names(r, "policyArn") ? [`group/${String(r.props.group)}`] : [];
      case "aws:iam/policyAttachment:PolicyAttachment":
        return names(r, "policyArn")
          ? [
              ...asArray(r.props.roles).map((x) => roleName(String(x))),
              ...asArray(r.props.users).map((x) => `user/${String(x)}`),
              ...asArray(r.props.groups).map((x) => `group/${String(x)}`),
            ]
          : [];
      case ROLE_TYPE:
        return asArray(r.props.managedPolicyArns).some(
          (a) => typeof a === "string" && a.endsWith(arnSuffix),
        ) || r.propertyDependencies?.managedPolicyArns?.includes(policy)
          ? [String(r.props.name)]
          : [];
      default:
        return [];
    }
  });
}

/** IAM grants: each Allow statement, for each identity it is given to. */
export function iamGrants(r: PolicyResource, resources: readonly PolicyResource[]): Grant[] {
  if (r.type !== ROLE_TYPE && !(PERMISSION_POLICY_TYPES as readonly string[]).includes(r.type)) return [];
  const statements = allowStatements(r);
  if (statements.length === 0) return [];
  const grantees =
    r.type === ROLE_TYPE
      ? [String(r.props.name)]
      : r.type === "aws:iam/rolePolicy:RolePolicy"
        ? [roleOf(r)]
        : r.type === "aws:iam/userPolicy:UserPolicy"
          ? [`user/${String(r.props.user)}`]
          : r.type === "aws:iam/groupPolicy:GroupPolicy"
            ? [`group/${String(r.props.group)}`]
            : attachedTo(r, resources);
  return grantees.flatMap((grantee) =>
    statements.map(({ field, statement }) => ({
      grantee,
      where: `${field} Statement[${statement.index}] (given to ${grantee})`,
      resource: r,
      ...statementCoverage(statement),
    })),
  );
}

/** Bucket policy grants: each Allow statement, for each principal it names (`*` included). */
export function bucketPolicyGrants(r: PolicyResource): Grant[] {
  if (r.type !== "aws:s3/bucketPolicy:BucketPolicy") return [];
  const parsed = parsePolicyDocument(r.props.policy);
  if ("error" in parsed) return [];
  return parsed.statements
    .filter((s) => s.effect === "Allow")
    .flatMap((statement) =>
      statement.principals.map(({ value }) => {
        const grantee = /^arn:[^:]*:iam::[^:]*:role\//.test(value) ? roleName(value) : value;
        return {
          grantee,
          where: `policy Statement[${statement.index}] (given to ${grantee})`,
          resource: r,
          ...statementCoverage(statement),
        };
      }),
    );
}

/** Kafka ACL grants on topics (Describe alone reads nothing). */
export function aclGrants(r: PolicyResource): Grant[] {
  const p = r.props;
  if (r.type !== "kafka:index/acl:Acl") return [];
  if (String(p.aclPermissionType).toLowerCase() !== "allow") return [];
  if (String(p.aclResourceType).toLowerCase() !== "topic") return [];
  if (["describe", "describeconfigs"].includes(String(p.aclOperation).toLowerCase())) return [];
  const name = String(p.aclResourceName);
  const prefixed = String(p.resourcePatternTypeFilter).toLowerCase() === "prefixed";
  return [
    {
      grantee: String(p.aclPrincipal),
      where: `aclResourceName ${name} (${String(p.aclOperation)} for ${String(p.aclPrincipal)})`,
      resource: r,
      covers: (t) =>
        t.kind === "topic" && (prefixed ? t.name.startsWith(name) : name === "*" || name === t.name),
      reach: (group) =>
        group !== "topic"
          ? []
          : !prefixed && name === "*"
            ? [EVERY_KEY]
            : [{ prefix: name, ancestors: false }],
    },
  ];
}

/** Lake Formation grants: tables, column sets, cell filters and data locations, to one principal. */
export function lakeFormationGrants(r: PolicyResource): Grant[] {
  if (r.type !== "aws:lakeformation/permissions:Permissions") return [];
  const p = r.props;
  const principal = String(p.principal);
  const grantee = /^arn:[^:]*:iam::[^:]*:role\//.test(principal) ? roleName(principal) : principal;
  const grant = (where: string, covers: Grant["covers"], reach: Grant["reach"]): Grant => ({
    grantee,
    where: `${where} (given to ${grantee})`,
    resource: r,
    covers,
    reach,
  });
  // Tables are keyed `database/table` (targets.ts).
  const tables = (prefix: string) => (group: TargetGroup) =>
    group === "table" ? [{ prefix, ancestors: false }] : [];
  const grants: Grant[] = [];
  for (const field of ["table", "tableWithColumns"] as const) {
    const t = p[field];
    if (!isRecord(t)) continue;
    const everyTable = t.wildcard === true || t.name === "*" || t.name === undefined;
    grants.push(
      grant(
        `${field} ${String(t.databaseName)}.${everyTable ? "*" : String(t.name)}`,
        (target) =>
          target.kind === "table" &&
          target.database === t.databaseName &&
          (everyTable || target.table === t.name),
        tables(`${String(t.databaseName)}/${everyTable ? "" : String(t.name)}`),
      ),
    );
  }
  if (isRecord(p.dataCellsFilter)) {
    const f = p.dataCellsFilter;
    grants.push(
      grant(
        `dataCellsFilter ${String(f.databaseName)}.${String(f.tableName)}`,
        (target) =>
          target.kind === "table" && target.database === f.databaseName && target.table === f.tableName,
        tables(`${String(f.databaseName)}/${String(f.tableName)}`),
      ),
    );
  }
  if (isRecord(p.dataLocation) && typeof p.dataLocation.arn === "string") {
    const arn = p.dataLocation.arn as string;
    // A registered location lets its holder create tables over the files: as good as reading them.
    const location = arn.replace(/\/?$/, "/*");
    grants.push(
      grant(
        `dataLocation ${arn}`,
        (t) => t.kind === "object" && arnCovers(location, t),
        (group) => {
          const range = KIND_OF[group] === "object" ? arnReach(location, group) : undefined;
          return range ? [range] : [];
        },
      ),
    );
  }
  return grants;
}

/** The data grants one resource makes. */
export function grantsOf(r: PolicyResource, resources: readonly PolicyResource[]): Grant[] {
  return [...iamGrants(r, resources), ...bucketPolicyGrants(r), ...aclGrants(r), ...lakeFormationGrants(r)];
}
