import { accessRoles } from "../../../components/accessRoles.js";
import {
  glueDatabaseName,
  glueTableName,
  parseTopicName,
  redactedTableName,
  redactedWarehousePrefix,
  warehousePrefix,
} from "../../../components/naming.js";
import { asArray, isRecord } from "../shared/resource.js";
import { UnknownDeferral } from "../shared/unknown.js";
import type { MeshStackPolicy } from "../types.js";
import { domainDeclarations } from "./domainDeclaration.js";
import { grantsOf, type Target } from "./grants.js";

// A PII rule that covers the table but not the topic or the files covers nothing: every path to a
// product's data is listed here, and each must be given only to whom the producer admits. The
// Domain registers the access lists of every product of the mesh, all known at preview; grants are
// tested against concrete names (see grants.ts), so a wildcard is judged by what it covers.

/**
 * Who may reach one product: the Domain component registers its access lists by domain
 * (`productAccess`) and each domain's transform roles once (`transformRoles`).
 */
interface Access {
  readonly hasPii: boolean;
  readonly readers: readonly string[];
  readonly fullReaders: readonly string[];
  readonly topicReaders: readonly string[];
  readonly stagingBucket?: string;
  readonly stagingReaders: readonly string[];
}

const strings = (v: unknown) => asArray(v).map(String);

function accessOf(id: string, value: unknown, transformRoles: Record<string, string[]>): Access | undefined {
  const ref = parseTopicName(id);
  if (!isRecord(value) || !ref) return undefined;
  const lists = {
    hasPii: value.hasPii === true,
    consumers: strings(value.consumers),
    pii: strings(value.pii),
  };
  return {
    hasPii: lists.hasPii,
    ...accessRoles(lists, ref.domain, transformRoles),
    topicReaders: strings(value.topicReaders),
    ...(typeof value.stagingBucket === "string" ? { stagingBucket: value.stagingBucket } : {}),
    stagingReaders: strings(value.stagingReaders),
  };
}

/** The resources of one product version that hold its data, and who may reach each. */
function protectedTargets(id: string, access: Access, environment: string) {
  const ref = parseTopicName(id);
  if (!ref || ref.deadLetter) return [];
  const database = glueDatabaseName(environment, ref.domain);
  // Sets: a grant is tested against every product's targets, each allowing up to every role of the
  // mesh, so a list lookup here made a stack's evaluation grow with the square of the mesh.
  const topicReaders = new Set(access.topicReaders);
  const full = { allowed: new Set(access.fullReaders), what: "its full data" };
  const targets: { target: Target; allowed: ReadonlySet<string>; what: string }[] = [
    // The topic and its dead-letter topic carry whole records, PII included.
    { target: { kind: "topic", name: id }, allowed: topicReaders, what: "its full records" },
    { target: { kind: "topic", name: `${id}.dlq` }, allowed: topicReaders, what: "its full records" },
    { target: { kind: "object", prefix: warehousePrefix(ref) }, ...full },
    { target: { kind: "table", database, table: glueTableName(ref) }, ...full },
  ];
  if (access.stagingBucket !== undefined) {
    targets.push({
      target: { kind: "object", bucket: access.stagingBucket, prefix: "" },
      allowed: new Set(access.stagingReaders),
      what: "its raw records",
    });
  }
  if (access.hasPii) {
    const projection = { allowed: new Set(access.readers), what: "its PII-free projection" };
    targets.push(
      { target: { kind: "object", prefix: redactedWarehousePrefix(ref) }, ...projection },
      { target: { kind: "table", database, table: redactedTableName(ref) }, ...projection },
    );
  }
  return targets;
}

const describeTarget = (t: Target) =>
  t.kind === "topic"
    ? `topic ${t.name}`
    : t.kind === "object"
      ? `files ${t.bucket ? `s3://${t.bucket}/` : ""}${t.prefix}`
      : `table ${t.database}.${t.table}`;

/** Compliant: every Kafka ACL, IAM grant (inline, attached, bucket policy) and Lake Formation permission on a product reaches only the producer, the consumers it consents to (the PII-free projection) and the consumers admitted to its PII (the full table, files and topic); its staging bucket only its own transform and ingest roles. */
const rule: MeshStackPolicy = {
  name: "mesh-grants-within-product-access",
  description:
    "Grants on a product's topic, files and tables reach only consumers its producer consents to, and its PII only consumers admitted to it.",
  group: "mesh",
  severity: "critical",
  remediation:
    "Grant access only through DataProduct.grantRead, which follows the producer's access.consumers and access.pii; to widen access, the producer adds the consumer to those lists.",
  validateStack: (args, report) => {
    const unknowns = new UnknownDeferral();
    for (const declaration of domainDeclarations(args)) {
      const { productAccess: raw, transformRoles: roles } = declaration.resource.props;
      // Both are the platform Domain's: without either, no grant of the stack can be judged.
      const unregistered = (key: string, what: string) =>
        report(
          `${key}: domain ${declaration.domain} registers no ${what}, so its grants cannot be checked; deploy it with the platform's Domain component.`,
          declaration.resource.urn,
        );
      if (!isRecord(raw)) {
        unregistered("productAccess", "access lists");
        continue;
      }
      if (!isRecord(roles)) {
        unregistered("transformRoles", "transform roles");
        continue;
      }
      const transformRoles = Object.fromEntries(Object.entries(roles).map(([d, r]) => [d, strings(r)]));
      const targets = Object.entries(raw).flatMap(([id, value]) => {
        const access = accessOf(id, value, transformRoles);
        return access ? protectedTargets(id, access, declaration.environment).map((t) => ({ id, ...t })) : [];
      });
      for (const r of args.resources) {
        unknowns.run(() => {
          for (const grant of grantsOf(r, args.resources)) {
            for (const { id, target, allowed, what } of targets) {
              if (allowed.has(grant.grantee) || !grant.covers(target)) continue;
              report(
                `${grant.where}: reaches ${describeTarget(target)}, ${what} of ${id}, which its producer does not admit ${grant.grantee} to.`,
                r.urn,
              );
            }
          }
        });
      }
    }
    unknowns.rethrow();
  },
};

export default rule;
