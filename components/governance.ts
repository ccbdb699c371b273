/** Governance metadata every component applies: tags, labels and what happens to data on delete. */
import type * as pulumi from "@pulumi/pulumi";
import type { Classification } from "./declaration/schema.js";
import { type Environment, LABEL_KEYS, TAG_KEYS } from "./naming.js";

/** Who owns a resource and how sensitive the data in it is. */
export interface Ownership {
  readonly domain: string;
  /** The owning team. */
  readonly owner: string;
  readonly environment: Environment;
  readonly classification: Classification;
}

export const governanceTags = (o: Ownership): Record<string, string> => ({
  [TAG_KEYS.domain]: o.domain,
  [TAG_KEYS.owner]: o.owner,
  [TAG_KEYS.environment]: o.environment,
  [TAG_KEYS.classification]: o.classification,
});

export const governanceLabels = (o: Ownership): Record<string, string> => ({
  [LABEL_KEYS.domain]: o.domain,
  [LABEL_KEYS.owner]: o.owner,
  [LABEL_KEYS.environment]: o.environment,
  [LABEL_KEYS.classification]: o.classification,
});

/** The most sensitive of several classifications (a domain-wide resource holds all of its products). */
export function highestClassification(all: readonly Classification[]): Classification {
  const order: readonly Classification[] = ["public", "internal", "confidential", "restricted"];
  return all.reduce((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a), "public");
}

/**
 * What `pulumi destroy` (or removing a product) does to a stateful resource: `retain` protects it
 * and keeps it in the cloud; `destroy` deletes it. Data is retained unless a stack opts out.
 */
export type RemovalPolicy = "retain" | "destroy";

export const removalOptions = (policy: RemovalPolicy = "retain"): pulumi.CustomResourceOptions => ({
  protect: policy === "retain",
  retainOnDelete: policy === "retain",
});

export const removalPolicyFor = (environment: Environment): RemovalPolicy =>
  environment === "prod" ? "retain" : "destroy";
