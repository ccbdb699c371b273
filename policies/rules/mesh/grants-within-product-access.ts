import { accessDomains } from "../../../components/accessRoles.js";
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
import { grantsOf } from "./grants.js";
import { type Target, TargetIndex } from "./targets.js";

// A PII rule that covers the table but not the topic or the files covers nothing: every path to a
// product's data is listed here, and each must be given only to whom the producer admits. The
// Domain registers an entry for every product of the mesh, all known at preview, so a grant reaching
// any of them is found: the producer's access lists for what its domain publishes or consumes, and
// for every other product its producer alone (components/productAccess.ts `stackAccess`), since a
// stack has nothing to grant on a product it neither publishes nor consumes. Grants are tested
// against concrete names (see grants.ts), so a wildcard is judged by what it covers.

const strings = (v: unknown) => asArray(v).map(String);

/** Who may reach a target: the readers of its topic, its staging bucket, or a set of domains. */
type Audience = "topic" | "staging" | "full" | "projection";

/** The resources of one product version that hold its data, and who may reach each. */
function protectedTargets(id: string, value: Record<string, unknown>, environment: string) {
  const ref = parseTopicName(id);
  if (!ref || ref.deadLetter) return [];
  const database = glueDatabaseName(environment, ref.domain);
  const full = { audience: "full", what: "its full data" } as const;
  const targets: { id: string; target: Target; audience: Audience; what: string }[] = [
    // The topic and its dead-letter topic carry whole records, PII included.
    { id, target: { kind: "topic", name: id }, audience: "topic", what: "its full records" },
    { id, target: { kind: "topic", name: `${id}.dlq` }, audience: "topic", what: "its full records" },
    { id, target: { kind: "object", prefix: warehousePrefix(ref) }, ...full },
    { id, target: { kind: "table", database, table: glueTableName(ref) }, ...full },
  ];
  if (typeof value.stagingBucket === "string") {
    targets.push({
      id,
      target: { kind: "object", bucket: value.stagingBucket, prefix: "" },
      audience: "staging",
      what: "its raw records",
    });
  }
  if (value.hasPii === true) {
    const projection = { audience: "projection", what: "its PII-free projection" } as const;
    targets.push(
      { id, target: { kind: "object", prefix: redactedWarehousePrefix(ref) }, ...projection },
      { id, target: { kind: "table", database, table: redactedTableName(ref) }, ...projection },
    );
  }
  return targets;
}

/**
 * Whether a product admits a grantee, worked out only for the products a grant reaches: each
 * product's lists can name every domain of the mesh, so resolving them all for every stack would
 * grow with the square of the mesh.
 */
class Admissions {
  /** Each role's domains: the inverse of `transformRoles`. */
  private readonly roleDomains = new Map<string, string[]>();
  private readonly admitted = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly access: Record<string, unknown>,
    transformRoles: Record<string, unknown>,
  ) {
    for (const [domain, roles] of Object.entries(transformRoles)) {
      for (const role of strings(roles))
        this.roleDomains.set(role, [...(this.roleDomains.get(role) ?? []), domain]);
    }
  }

  admits(id: string, audience: Audience, grantee: string): boolean {
    const admitted = this.admittedTo(id, audience);
    // Topic and staging readers are principals; the others are domains, reached through their roles.
    return audience === "topic" || audience === "staging"
      ? admitted.has(grantee)
      : (this.roleDomains.get(grantee) ?? []).some((d) => admitted.has(d));
  }

  private admittedTo(id: string, audience: Audience): ReadonlySet<string> {
    const key = `${audience} ${id}`;
    let admitted = this.admitted.get(key);
    if (admitted === undefined) {
      const value = this.access[id];
      const ref = parseTopicName(id);
      const lists = isRecord(value) ? value : {};
      const domains = accessDomains(
        { hasPii: lists.hasPii === true, consumers: strings(lists.consumers), pii: strings(lists.pii) },
        ref?.domain ?? "",
      );
      admitted = new Set(
        audience === "topic"
          ? strings(lists.topicReaders)
          : audience === "staging"
            ? strings(lists.stagingReaders)
            : audience === "full"
              ? domains.fullReaders
              : domains.readers,
      );
      this.admitted.set(key, admitted);
    }
    return admitted;
  }
}

type ProtectedTarget = ReturnType<typeof protectedTargets>[number];

/**
 * The last index built, by what it was built from. Every stack of a mesh registers an entry for
 * every product of the mesh, with the same id, staging bucket and PII flag (only who is admitted
 * differs), so the stacks of one `mesh plan` share one index instead of each sorting the whole
 * mesh's targets again: that made the plan grow with stacks × products. Targets are a function of
 * exactly what the signature holds, so a different mesh or environment builds its own.
 */
let lastIndex: { readonly signature: string; readonly index: TargetIndex<ProtectedTarget> } | undefined;

function targetIndex(access: Record<string, unknown>, environment: string): TargetIndex<ProtectedTarget> {
  const products: [id: string, value: Record<string, unknown>][] = [];
  const signature: string[] = [environment];
  for (const [id, value] of Object.entries(access)) {
    if (!isRecord(value)) continue;
    products.push([id, value]);
    const bucket = typeof value.stagingBucket === "string" ? `b${value.stagingBucket}` : "-";
    signature.push(id, bucket, value.hasPii === true ? "pii" : "-");
  }
  const key = JSON.stringify(signature); // unambiguous, whatever characters an id holds
  if (lastIndex?.signature !== key) {
    const targets = products.flatMap(([id, value]) => protectedTargets(id, value, environment));
    lastIndex = { signature: key, index: new TargetIndex(targets) };
  }
  return lastIndex.index;
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
      const admissions = new Admissions(raw, roles);
      const targets = targetIndex(raw, declaration.environment);
      for (const r of args.resources) {
        unknowns.run(() => {
          for (const grant of grantsOf(r, args.resources)) {
            // Only the targets the grant's patterns can reach: a stack's grants against every
            // product of the mesh made the plan grow with the square of the mesh.
            for (const { id, target, audience, what } of targets.reachedBy(grant.reach)) {
              if (admissions.admits(id, audience, grant.grantee) || !grant.covers(target)) continue;
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
