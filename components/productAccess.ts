/**
 * Who may reach one product version, resolved against the mesh at plan time: what a Domain
 * registers in its outputs so governance rules can check every grant (Kafka ACL, IAM, Lake
 * Formation) against the producer's access lists at preview, without the declarations.
 *
 * Every stack registers an entry for every product version of the mesh, so that a grant reaching
 * any of them is checked, and the entries are kept small ({@link stackAccess}): the full lists only
 * for the versions the stack's domain publishes or consumes, and for every other one its producer
 * alone. A product names the DOMAINS it serves, and the IAM roles each domain's transforms run as
 * are registered once ({@link meshTransformRoles}); {@link accessRoles} joins the two. (Listing
 * every reader role per product grew with products × products: 60 MB per stack at 1,000 products;
 * every domain's lists in every stack, 2 MB per stack and 2.6 GiB for the whole plan.)
 */
import { piiFields, productRef } from "./contract/contract.js";
import { consumersOf, type Mesh } from "./declaration/mesh.js";
import { rawRecordsOf } from "./declaration/productModel.js";
import { type DataProduct, mayConsume } from "./declaration/schema.js";
import {
  type Environment,
  iamRoleName,
  ingestRoleName,
  kafkaPrincipal,
  kafkaTopicName,
  type ProductRef,
  stagingBucketName,
} from "./naming.js";
import type { PlatformSettings } from "./platform.js";

export { accessRoles } from "./accessRoles.js";

export interface ProductAccess {
  /** Whether the product has PII fields (then its table, files and topic hold them). */
  readonly hasPii: boolean;
  /** Domains the producer consents to serve (`access.consumers`, or every domain when open). */
  readonly consumers: readonly string[];
  /** Domains admitted to the PII fields (`access.pii`); none when the product has no PII. */
  readonly pii: readonly string[];
  /**
   * Kafka principals that may read the topic (full records): producer, Connect, admitted consumers;
   * none for a product without ingestion, which has no topic.
   */
  readonly topicReaders: readonly string[];
  /** The product's staging bucket: its raw records, PII included. */
  readonly stagingBucket: string;
  /**
   * IAM roles that may reach the staging bucket: the product's transform and ingest roles only;
   * none for a product without ingestion, which has no staging bucket (its name stays protected).
   */
  readonly stagingReaders: readonly string[];
}

/**
 * The IAM roles a domain's transforms run as, superseded majors still running included: the
 * principals that consume on its behalf.
 */
export function transformRoleNames(
  mesh: Mesh,
  domain: string,
  platform: PlatformSettings,
  environment: Environment,
): string[] {
  return versionsOf(mesh)
    .filter((v) => v.ref.domain === domain)
    .map((v) => iamRoleName(platform.namePrefix, environment, v.ref));
}

/**
 * Every product version of the mesh: the product model (current and retained), and the superseded
 * majors of a domain no longer declared, which still have consumers.
 */
function versionsOf(mesh: Mesh): { ref: ProductRef; product: DataProduct }[] {
  const declared = new Set(mesh.domains.map((d) => d.name));
  return [
    ...mesh.products.map((p) => ({ ref: p.ref, product: p.declaration })),
    ...(mesh.retained ?? [])
      .filter((e) => !declared.has(e.domain))
      .map((e) => ({ ref: productRef({ name: e.domain }, e.product), product: e.product })),
  ];
}

/**
 * Whether the producer consents to serve `consumer` version `ref` (declared as `product`): per
 * that version's access lists and, for a superseded major still running, per the product's
 * current declaration too, so that withdrawing consent applies to every version.
 */
export function consents(mesh: Mesh, ref: ProductRef, product: DataProduct, consumer: string): boolean {
  return consentsGiven(product, currentDeclaration(mesh, ref), consumer);
}

/** The product's current declaration, when its domain still declares it. */
const currentDeclaration = (mesh: Mesh, ref: ProductRef) =>
  mesh.domains.find((d) => d.name === ref.domain)?.dataProducts.find((p) => p.name === ref.product);

const consentsGiven = (product: DataProduct, current: DataProduct | undefined, consumer: string) =>
  mayConsume(product, consumer) && (current === undefined || mayConsume(current, consumer));

/** Domains that declared they consume `ref` and that its producer consents to serve. */
export function grantedConsumers(mesh: Mesh, ref: ProductRef, product: DataProduct): string[] {
  return consumersOf(mesh, ref).filter((consumer) => consents(mesh, ref, product, consumer));
}

/** Who may reach `product` (version `ref`), for the producer's and its consumers' stacks. */
export function productAccess(
  mesh: Mesh,
  ref: ProductRef,
  product: DataProduct,
  platform: PlatformSettings,
  environment: Environment,
): ProductAccess {
  // Looked up once: asked for every domain of the mesh, per product.
  const current = currentDeclaration(mesh, ref);
  const consumers = mesh.domains
    .map((d) => d.name)
    .filter((d) => d !== ref.domain && consentsGiven(product, current, d))
    .sort();
  return accessOf(ref, product, consumers, platform, environment);
}

/** The access of version `ref` serving `consumers` (domains its producer consents to serve). */
function accessOf(
  ref: ProductRef,
  product: DataProduct,
  consumers: readonly string[],
  platform: PlatformSettings,
  environment: Environment,
): ProductAccess {
  const hasPii = piiFields(product).length > 0;
  // Admission to PII counts only for consumers the producer also consents to serve; without PII,
  // every consumer may read the full records.
  const admitted = hasPii ? product.access.pii.filter((d) => consumers.includes(d)).sort() : consumers;
  // Derived only from other products: no topic, no staging bucket, so nobody may reach either.
  const ingests = rawRecordsOf(product) !== undefined;
  return {
    hasPii,
    consumers,
    pii: hasPii ? admitted : [],
    topicReaders: ingests
      ? [ref.domain, ...admitted].map(kafkaPrincipal).concat(platform.ingestion.kafkaPrincipal)
      : [],
    stagingBucket: stagingBucketName(platform.namePrefix, environment, ref),
    stagingReaders: ingests
      ? [
          iamRoleName(platform.namePrefix, environment, ref),
          ingestRoleName(platform.namePrefix, environment, ref),
        ]
      : [],
  };
}

/**
 * The IAM roles each domain's transforms run as, every domain of the mesh (and of its retained
 * majors): registered once per stack beside {@link stackAccess}, which names domains.
 */
export function meshTransformRoles(
  mesh: Mesh,
  platform: PlatformSettings,
  environment: Environment,
): Record<string, string[]> {
  const roles: Record<string, string[]> = {};
  for (const { ref } of versionsOf(mesh)) {
    const list = roles[ref.domain] ?? [];
    list.push(iamRoleName(platform.namePrefix, environment, ref));
    roles[ref.domain] = list;
  }
  return roles;
}

/**
 * Who may reach every product version of the mesh, retained majors included, by id, as its
 * producer's access lists resolve: what the producer's and the consumers' stacks register of it.
 */
export function meshAccess(
  mesh: Mesh,
  platform: PlatformSettings,
  environment: Environment,
): Record<string, ProductAccess> {
  return Object.fromEntries(
    versionsOf(mesh).map(({ ref, product }) => [
      kafkaTopicName(ref),
      productAccess(mesh, ref, product, platform, environment),
    ]),
  );
}

/**
 * What `domain`'s stacks register: who each product version of the mesh admits, as far as a grant
 * made in those stacks may go. The versions the domain publishes and those it declares it consumes
 * carry their full lists, as {@link meshAccess} resolves them; every other version, as if it served
 * no consumer: its producer's own principals only. A stack that neither publishes nor consumes a
 * product has nothing to grant on it (its producer grants its consumers in its own stack, each
 * consumer reaches it from its own), so a grant there to anyone else is refused, as deny by
 * default wants, while the entry still names the version (and whether it has PII and a staging
 * bucket), so the grants reaching it are still found and judged. This keeps what a stack registers
 * linear in the mesh (a few names per version) rather than in products × domains.
 */
export function stackAccess(
  mesh: Mesh,
  domain: string,
  platform: PlatformSettings,
  environment: Environment,
): Record<string, ProductAccess> {
  const consumed = new Set(
    (mesh.domains.find((d) => d.name === domain)?.consumes ?? []).map((c) => kafkaTopicName(c)),
  );
  return Object.fromEntries(
    versionsOf(mesh).map(({ ref, product }) => {
      const id = kafkaTopicName(ref);
      const full = ref.domain === domain || consumed.has(id);
      return [
        id,
        full
          ? productAccess(mesh, ref, product, platform, environment)
          : accessOf(ref, product, [], platform, environment),
      ];
    }),
  );
}
