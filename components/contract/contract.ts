/**
 * A data product's contract: what consumers may rely on. It is the product declaration minus how
 * the product is built (transform, ingestion), plus the owner, and it is what gets published,
 * diffed, exported to ODCS and shown in the catalog.
 */
import type { DataProduct, DomainDeclaration } from "../declaration/schema.js";
import { majorOf } from "../declaration/schema.js";
import { kafkaTopicName, type ProductRef } from "../naming.js";

export interface Contract {
  /** `<domain>.<product>.v<major>`. */
  readonly id: string;
  readonly domain: string;
  readonly product: string;
  readonly version: string;
  readonly description: string;
  readonly owner: DomainDeclaration["owner"];
  readonly classification: DataProduct["classification"];
  readonly status: DataProduct["status"];
  readonly terms?: string;
  readonly schema: DataProduct["schema"];
  readonly slos: DataProduct["slos"];
  readonly quality: DataProduct["quality"];
  readonly access: DataProduct["access"];
  /** How often the product is refreshed (the transform's schedule), for consumers to plan around. */
  readonly schedule: string;
}

export const productRef = (domain: Pick<DomainDeclaration, "name">, product: DataProduct): ProductRef => ({
  domain: domain.name,
  product: product.name,
  major: majorOf(product),
});

export function contractOf(domain: DomainDeclaration, product: DataProduct): Contract {
  return {
    id: kafkaTopicName(productRef(domain, product)),
    domain: domain.name,
    product: product.name,
    version: product.version,
    description: product.description,
    owner: domain.owner,
    classification: product.classification,
    status: product.status,
    ...(product.terms !== undefined ? { terms: product.terms } : {}),
    schema: product.schema,
    slos: product.slos,
    quality: product.quality,
    access: product.access,
    schedule: product.transform.schedule,
  };
}

/** Every contract of a mesh, in domain then product order. */
export const contractsOf = (domains: readonly DomainDeclaration[]): Contract[] =>
  domains.flatMap((d) => d.dataProducts.map((p) => contractOf(d, p)));

export const majorOfContract = (c: Pick<Contract, "version">) => Number(c.version.split(".")[0]);

/** A product a domain's transform reads; `redacted` when the domain is not admitted to its PII. */
export interface ConsumedProduct {
  readonly ref: ProductRef;
  readonly redacted: boolean;
}

/**
 * Whether `consumer` reads the product's PII-free projection rather than its table: the product
 * has PII fields and its access rules do not admit the consumer to them.
 */
export const readsRedacted = (c: Pick<Contract, "schema" | "access">, consumer: string): boolean =>
  piiFields(c).length > 0 && !c.access.pii.includes(consumer);

/** Names of the fields that hold no personal data: the columns of the PII-free projection. */
export const nonPiiFields = (c: Pick<Contract, "schema">): string[] =>
  Object.entries(c.schema)
    .filter(([, f]) => !f.pii)
    .map(([name]) => name);

/** Names of the fields that hold personal data. */
export const piiFields = (c: Pick<Contract, "schema">): string[] =>
  Object.entries(c.schema)
    .filter(([, f]) => f.pii)
    .map(([name]) => name);
