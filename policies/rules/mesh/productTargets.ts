/**
 * The resources that hold each product's data (`Target`), for every product of a Domain's access
 * lists, found by the grants that reach them. A stack's Domain lists every product of the mesh while
 * its grants reach a few, so a product's targets are worked out only once a grant reaches it: first
 * from keys every target of the product starts with (its anchors), then from its own index.
 */
import {
  glueDatabaseName,
  glueTableName,
  type ProductRef,
  parseTopicName,
  redactedTableName,
  redactedWarehousePrefix,
  warehousePrefix,
} from "../../../components/naming.js";
import { isRecord } from "../shared/resource.js";
import {
  KeyIndex,
  type KeyRange,
  TARGET_GROUPS,
  type Target,
  type TargetGroup,
  TargetIndex,
} from "./targets.js";

/** Who may reach a target: the readers of its topic, its staging bucket, or a set of domains. */
export type Audience = "topic" | "staging" | "full" | "projection";

export interface ProtectedTarget {
  readonly id: string;
  readonly target: Target;
  readonly audience: Audience;
  readonly what: string;
}

interface Product {
  readonly id: string;
  readonly ref: ProductRef;
  readonly value: Record<string, unknown>;
  readonly database: string;
}

/** The resources of one product version that hold its data, and who may reach each. */
function protectedTargets({ id, ref, value, database }: Product): ProtectedTarget[] {
  const full = { audience: "full", what: "its full data" } as const;
  const targets: ProtectedTarget[] = [
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
 * Keys that the keys of a product's targets (targets.ts `targetKey`) start with, by group: its topic
 * name (the topic and its `.dlq`), its database (its tables), both its warehouse prefixes (whether
 * or not it has a projection) and its staging bucket.
 */
function anchors(p: Product): { group: TargetGroup; key: string; entry: Product }[] {
  const anchor = (group: TargetGroup, key: string) => ({ group, key, entry: p });
  return [
    anchor("topic", p.id),
    anchor("table", `${p.database}/`),
    anchor("anyBucketObject", warehousePrefix(p.ref)),
    anchor("anyBucketObject", redactedWarehousePrefix(p.ref)),
    ...(typeof p.value.stagingBucket === "string"
      ? [anchor("bucketObject", `${p.value.stagingBucket}/`)]
      : []),
  ];
}

/** An anchor may be shorter than the key under it: a range reaches it also when it starts with the anchor. */
const widened = (range: KeyRange): KeyRange =>
  "all" in range ? range : { prefix: range.prefix, ancestors: true };

export class ProductTargets {
  private readonly order = new Map<Product, number>();
  private readonly anchors: KeyIndex<Product>;
  private readonly indexes = new Map<Product, TargetIndex<ProtectedTarget>>();

  /** `access`: a Domain's access entries by product id (components/productAccess.ts `stackAccess`). */
  constructor(access: Record<string, unknown>, environment: string) {
    const databases = new Map<string, string>();
    for (const [id, value] of Object.entries(access)) {
      const ref = isRecord(value) ? parseTopicName(id) : undefined;
      if (!isRecord(value) || !ref || ref.deadLetter) continue;
      let database = databases.get(ref.domain);
      if (database === undefined) {
        database = glueDatabaseName(environment, ref.domain);
        databases.set(ref.domain, database);
      }
      this.order.set({ id, ref, value, database }, this.order.size);
    }
    this.anchors = new KeyIndex([...this.order.keys()].flatMap(anchors));
  }

  /** The targets within the ranges a grant reaches in each group, in the order of the products and their targets. */
  reachedBy(reach: (group: TargetGroup) => readonly KeyRange[]): ProtectedTarget[] {
    const ranges = new Map(TARGET_GROUPS.map((group) => [group, reach(group)] as const));
    const reached = (group: TargetGroup) => ranges.get(group) ?? [];
    if (TARGET_GROUPS.every((group) => reached(group).length === 0)) return [];
    const candidates = new Set<Product>();
    for (const group of TARGET_GROUPS) this.anchors.within(group, reached(group).map(widened), candidates);
    return [...candidates]
      .sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0))
      .flatMap((product) => this.indexOf(product).reachedBy(reached));
  }

  private indexOf(product: Product): TargetIndex<ProtectedTarget> {
    let index = this.indexes.get(product);
    if (!index) {
      index = new TargetIndex(protectedTargets(product));
      this.indexes.set(product, index);
    }
    return index;
  }
}
