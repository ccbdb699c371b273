/** Renders a stack plan as a readable tree: type, name and the settings that matter. */
import type { PlannedResource } from "../../policies/engine/types.js";
import type { StackPlan } from "./planStack.js";
import { isUnknown } from "./values.js";

type Inputs = Record<string, any>;
const show = (v: unknown): string =>
  isUnknown(v) ? "(known after apply)" : typeof v === "object" ? JSON.stringify(v) : String(v);

/** One line of the settings that matter, per resource type. */
const SUMMARIES: Record<string, (i: Inputs) => string> = {
  "kafka:index/topic:Topic": (i) =>
    `${i.name}  partitions=${i.partitions} rf=${i.replicationFactor} min.isr=${i.config?.["min.insync.replicas"]} retention=${Number(i.config?.["retention.ms"]) / 86_400_000}d`,
  "kafka:index/acl:Acl": (i) =>
    `${i.aclPrincipal} ${i.aclOperation} ${i.aclResourceType}:${show(i.aclResourceName)} (${i.resourcePatternTypeFilter})`,
  "aws:s3/bucket:Bucket": (i) => `${i.bucket}`,
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": (i) =>
    [i.blockPublicAcls, i.blockPublicPolicy, i.ignorePublicAcls, i.restrictPublicBuckets].every(Boolean)
      ? "all public access blocked"
      : "PUBLIC ACCESS NOT FULLY BLOCKED",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": (i) => `${i.rule?.objectOwnership}`,
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (i) => {
    const rule = i.rules?.[0];
    return `${rule?.applyServerSideEncryptionByDefault?.sseAlgorithm} bucketKey=${rule?.bucketKeyEnabled}`;
  },
  "aws:s3/bucketVersioning:BucketVersioning": (i) => `${i.versioningConfiguration?.status}`,
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": (i) =>
    (i.rules ?? [])
      .map((r: Inputs) =>
        [
          `${r.filter?.prefix ?? "all"}:`,
          r.expiration?.days !== undefined ? `expire ${r.expiration.days}d` : "",
          r.noncurrentVersionExpiration
            ? `old versions ${r.noncurrentVersionExpiration.noncurrentDays}d`
            : "",
          r.abortIncompleteMultipartUpload
            ? `abort uploads ${r.abortIncompleteMultipartUpload.daysAfterInitiation}d`
            : "",
        ]
          .filter(Boolean)
          .join(" "),
      )
      .join("; "),
  "aws:s3/bucketPolicy:BucketPolicy": (i) => policySids(i.policy),
  "aws:iam/role:Role": (i) => `${i.name}`,
  "aws:iam/rolePolicy:RolePolicy": (i) => policySids(i.policy),
  "aws:iam/policy:Policy": (i) => `${i.name}  ${policySids(i.policy)}`,
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (i) =>
    `${show(i.policyArn).split("/").pop()} → role ${i.role}`,
  "aws:lakeformation/permissions:Permissions": (i) => {
    const columns = i.tableWithColumns;
    const target = columns
      ? `${columns.databaseName}.${columns.name} without ${(columns.excludedColumnNames ?? []).join(", ")}`
      : `${i.table?.databaseName}.${i.table?.name}`;
    return `${(i.permissions ?? []).join("+")} on ${target} for ${show(i.principal).split("/").pop()}`;
  },
  "aws:kms/key:Key": (i) => `rotation=${i.enableKeyRotation}`,
  "aws:kms/alias:Alias": (i) => `${i.name}`,
  "aws:glue/catalogDatabase:CatalogDatabase": (i) => `${i.name}`,
  "aws:glue/catalogTable:CatalogTable": (i) =>
    `${show(i.databaseName)}.${i.name}  iceberg, ${i.storageDescriptor?.columns?.length ?? 0} columns at ${i.storageDescriptor?.location}`,
  "kubernetes:core/v1:Namespace": (i) =>
    `${i.metadata?.name}  pod-security=${i.metadata?.labels?.["pod-security.kubernetes.io/enforce"]}`,
  "kubernetes:core/v1:ServiceAccount": (i) => `${i.metadata?.name}`,
  "kubernetes:networking.k8s.io/v1:NetworkPolicy": (i) =>
    `${i.metadata?.name}  ${(i.spec?.policyTypes ?? []).join("+")} ingress rules=${(i.spec?.ingress ?? []).length} egress rules=${(i.spec?.egress ?? []).length}`,
  "kubernetes:core/v1:ConfigMap": (i) => `${i.metadata?.name}`,
  "kubernetes:batch/v1:CronJob": (i) =>
    `${i.metadata?.name}  "${i.spec?.schedule}" ${i.spec?.jobTemplate?.spec?.template?.spec?.containers?.[0]?.image}`,
  "kubernetes:kafka.strimzi.io/v1:KafkaConnector": (i) =>
    `${i.metadata?.name}  ${i.spec?.config?.topics} → s3://${i.spec?.config?.["aws.s3.bucket.name"]}/${String(i.spec?.config?.["file.name.template"] ?? "").split("ingest_date=")[0]}  dlq=${i.spec?.config?.["errors.deadletterqueue.topic.name"]}`,
  "kubernetes:sparkoperator.k8s.io/v1beta2:ScheduledSparkApplication": (i) =>
    `${i.metadata?.name}  "${i.spec?.schedule}" ${i.spec?.template?.image}`,
};

function policySids(policy: unknown): string {
  if (typeof policy !== "string" || isUnknown(policy)) return show(policy);
  try {
    const doc = JSON.parse(policy) as { Statement?: { Sid?: string; Effect: string }[] };
    return (doc.Statement ?? []).map((s) => `${s.Effect}:${s.Sid ?? "-"}`).join(" ");
  } catch {
    return "(not JSON)";
  }
}

export function summarize(r: PlannedResource): string {
  const summary = SUMMARIES[r.type];
  const flags = [r.protect ? "protected" : "", r.retainOnDelete ? "retained" : ""].filter(Boolean).join(",");
  return [summary ? summary(r.inputs) : "", flags ? `[${flags}]` : ""].filter(Boolean).join("  ");
}

/** The plan as an indented tree rooted at the stack, children in registration order. */
export function renderTree(plan: StackPlan): string {
  const children = new Map<string | undefined, PlannedResource[]>();
  const urns = new Set(plan.resources.map((r) => r.urn));
  for (const r of plan.resources) {
    const parent = r.parentUrn && urns.has(r.parentUrn) ? r.parentUrn : undefined;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, indent: string) => {
    const list = children.get(parent) ?? [];
    list.forEach((r, i) => {
      const last = i === list.length - 1;
      const summary = summarize(r);
      lines.push(`${indent}${last ? "└─" : "├─"} ${r.type}  ${r.name}${summary ? `  ${summary}` : ""}`);
      walk(r.urn, `${indent}${last ? "   " : "│  "}`);
    });
  };
  walk(undefined, "");
  return lines.join("\n");
}

/** Resource counts per package (`aws`, `kafka`, `kubernetes`, `mesh` components, `providers`). */
export function countByPackage(resources: readonly PlannedResource[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of resources) {
    const pkg = r.type.startsWith("pulumi:providers:") ? "providers" : r.type.split(":")[0]!;
    counts.set(pkg, (counts.get(pkg) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
