/**
 * The catalog's view model: everything the pages show, computed from the mesh (and, for physical
 * names, the stack files) in one pure function, so that templates only format.
 */
import { type Contract, contractOf, piiFields, productRef } from "../../components/contract/contract.js";
import { type JsonSchema, messageSchema } from "../../components/contract/messageSchema.js";
import { consumersOf, type Mesh } from "../../components/declaration/mesh.js";
import { type RawRecords, rawRecordsOf } from "../../components/declaration/productModel.js";
import {
  type DataProduct,
  type DomainDeclaration,
  OPEN_CLASSIFICATIONS,
} from "../../components/declaration/schema.js";
import type { ProductStatus } from "../../components/history/productStatus.js";
import { kafkaTopicName } from "../../components/naming.js";
import { consents } from "../../components/productAccess.js";
import { columnIndex, type FieldLineageView } from "./columns.js";
import { type PhysicalNames, physicalNames, type StackTarget } from "./physical.js";
import { qualityRules, range } from "./qualityRules.js";
import type { ProductReads } from "./reads.js";

export { type PhysicalNames, type StackTarget, stackTargets } from "./physical.js";

export interface FieldView {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly required: boolean;
  readonly unique: boolean;
  readonly pii: boolean;
  readonly accepted?: readonly (string | number)[];
  /** `≥ 0`, `≤ 10`, `0 – 10`, or undefined without bounds. */
  readonly range?: string;
  /** Where its values come from and where they go (`columns.ts`); on a product page's fields. */
  readonly lineage?: FieldLineageView;
}

/** One product version another domain reads. */
export interface InputView {
  /** `<domain>.<product>.v<major>` of the consumed product. */
  readonly id: string;
  readonly domain: string;
  readonly product: string;
  readonly major: number;
  readonly purpose?: string;
  /** Its page, when the mesh publishes it. */
  readonly page?: string;
  /** The reader is not admitted to its PII: it reads the PII-free projection. */
  readonly redacted?: boolean;
}

/** A product version that reads this one. */
export interface ReaderView {
  readonly id: string;
  readonly domain: string;
  readonly product: string;
  readonly page: string;
}

/** Another major version of the same product, for the links between v1 and v2. */
export interface VersionView {
  readonly id: string;
  readonly major: number;
  readonly version: string;
  readonly page: string;
  readonly superseded: boolean;
}

export interface ConsumerView {
  readonly domain: string;
  readonly purpose?: string;
}

export interface ProductView {
  /** `<domain>.<product>.v<major>`: also the Kafka topic. */
  readonly id: string;
  readonly domain: string;
  readonly product: string;
  readonly version: string;
  readonly major: number;
  /** The grain: "One row per…". */
  readonly description: string;
  readonly owner: { readonly team: string; readonly email: string };
  readonly classification: string;
  readonly status: string;
  readonly terms?: string;
  /** Cron, UTC. */
  readonly schedule: string;
  readonly freshness: string;
  readonly availability?: number;
  readonly fields: readonly FieldView[];
  /** Names of the fields that hold personal data. */
  readonly piiFields: readonly string[];
  /** Consuming domains admitted to the PII fields. */
  readonly piiAdmitted: readonly string[];
  /** Every quality rule, one sentence each. */
  readonly quality: readonly string[];
  readonly physical: readonly PhysicalNames[];
  /**
   * Who may consume it, by the producer's consent: the domains it lists (`access.consumers`), or
   * every domain of the mesh when it lists none and its classification is public or internal.
   */
  readonly allowedConsumers: { readonly everyDomain: boolean; readonly domains: readonly string[] };
  /** Domains that declared they consume this product, sorted. */
  readonly consumers: readonly ConsumerView[];
  /** The products its transform's SQL reads (a subset of what its domain consumes). */
  readonly inputs: readonly InputView[];
  /** The products whose SQL reads this one, in catalog order. */
  readonly readBy: readonly ReaderView[];
  /** The other major versions of this product in the catalog, by major. */
  readonly versions: readonly VersionView[];
  /**
   * Set on a superseded major version that keeps running because a domain still consumes it: the
   * version that replaced it, or "" when the product is no longer declared at all.
   */
  readonly supersededBy?: string;
  /** Path of the product's page from the site root. */
  readonly page: string;
  /** Path of its message JSON Schema from the site root. */
  readonly schemaFile: string;
  /** The raw records' JSON Schema; absent for a product that ingests none. */
  readonly messageSchema?: JsonSchema;
}

export interface DomainView {
  readonly name: string;
  readonly owner: { readonly team: string; readonly email: string };
  readonly description: string;
  readonly products: readonly ProductView[];
  readonly inputs: readonly InputView[];
}

/** A lineage edge: `to` is built (among others) from `from`. */
export interface LineageEdge {
  readonly from: string;
  readonly to: string;
  readonly major: number;
}

export interface CatalogModel {
  readonly domains: readonly DomainView[];
  /** Every product, in domain then declaration order. */
  readonly products: readonly ProductView[];
  readonly edges: readonly LineageEdge[];
  /** The products' status from a run history, when the catalog is built with one (`--history`). */
  readonly history?: CatalogHistory;
}

export interface CatalogHistory {
  /** When the figures were computed. */
  readonly asOf: string;
  /** By product id; every catalogued product has one. */
  readonly products: ReadonlyMap<string, ProductStatus>;
}

/** A name usable as a file name whatever the id holds (valid ids are left as they are). */
export const fileSafe = (id: string): string => id.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");

export const productPage = (id: string) => `products/${fileSafe(id)}.html`;
export const schemaFile = (id: string) => `schemas/${fileSafe(id)}.schema.json`;

function fieldViews(product: DataProduct): FieldView[] {
  return Object.entries(product.schema).map(([name, f]) => ({
    name,
    type: f.type,
    description: f.description,
    required: f.required,
    unique: f.unique,
    pii: f.pii,
    ...(f.accepted ? { accepted: f.accepted } : {}),
    ...(range(f) !== undefined ? { range: range(f)! } : {}),
  }));
}

type BaseView = Omit<ProductView, "readBy" | "versions">;

/**
 * Builds the catalog of a mesh. `stacks` gives the environments each domain is deployed to;
 * `reads` what each product's SQL reads (`productReads`): without it a product is taken to read
 * everything its domain consumes.
 */
export function buildCatalog(
  mesh: Mesh,
  stacks: readonly StackTarget[] = [],
  reads?: ProductReads,
): CatalogModel {
  // By id: a mesh of a thousand products must not search the list once per product.
  const models = new Map(mesh.products.map((m) => [m.id, m]));
  const columns = columnIndex(mesh);
  const published = new Set([
    ...mesh.domains.flatMap((d) => d.dataProducts.map((p) => kafkaTopicName(productRef(d, p)))),
    ...(mesh.retained ?? []).map((e) => kafkaTopicName(productRef({ name: e.domain }, e.product))),
  ]);
  const inputsOf = (domain: DomainDeclaration): InputView[] =>
    domain.consumes.map((c) => {
      const id = kafkaTopicName({ domain: c.domain, product: c.product, major: c.major });
      return {
        id,
        domain: c.domain,
        product: c.product,
        major: c.major,
        ...(c.purpose !== undefined ? { purpose: c.purpose } : {}),
        ...(published.has(id) ? { page: productPage(id) } : {}),
      };
    });
  const consumerViews = (id: string, ref: Parameters<typeof consumersOf>[1]): ConsumerView[] =>
    consumersOf(mesh, ref).map((name) => {
      const purpose = mesh.domains
        .find((d) => d.name === name)
        ?.consumes.find((c) => kafkaTopicName(c) === id)?.purpose;
      return { domain: name, ...(purpose !== undefined ? { purpose } : {}) };
    });
  /** Of what its domain consumes, what a product's SQL reads, marked where it reads the projection. */
  const readInputs = (id: string, declared: readonly InputView[]): InputView[] => {
    const read = reads?.get(id);
    const redacted = new Set(models.get(id)?.inputs.flatMap((i) => (i.redacted ? [i.id] : [])));
    return declared
      .filter((i) => read === undefined || read.includes(i.id))
      .map((i) => (redacted.has(i.id) ? { ...i, redacted: true } : i));
  };

  /**
   * A product version's page: from its model (`mesh.products`); a superseded major of a domain no
   * longer declared has none, and is built from its lock entry.
   */
  const productView = (
    domain: Pick<DomainDeclaration, "name" | "owner">,
    product: DataProduct,
    inputs: readonly InputView[],
    supersededBy?: string,
  ): BaseView => {
    const ref = productRef(domain, product);
    const model = models.get(kafkaTopicName(ref));
    const contract: Contract = model?.contract ?? contractOf(domain as DomainDeclaration, product);
    const raw: RawRecords | undefined = model ? model.raw : rawRecordsOf(product);
    return {
      id: contract.id,
      domain: domain.name,
      product: product.name,
      version: product.version,
      major: ref.major,
      description: product.description,
      owner: domain.owner,
      classification: product.classification,
      status: product.status,
      ...(product.terms !== undefined ? { terms: product.terms } : {}),
      schedule: product.transform.schedule,
      freshness: product.slos.freshness,
      ...(product.slos.availability !== undefined ? { availability: product.slos.availability } : {}),
      fields: fieldViews(product).map((f) => ({ ...f, lineage: columns.field(contract.id, f.name) })),
      piiFields: Object.entries(product.schema)
        .filter(([, f]) => f.pii)
        .map(([name]) => name),
      piiAdmitted: [...product.access.pii].sort(),
      quality: qualityRules(product),
      physical: physicalNames(domain, product, stacks, {
        topic: raw !== undefined,
        pii: piiFields(contract).length > 0,
      }),
      allowedConsumers: {
        everyDomain:
          product.access.consumers === undefined && OPEN_CLASSIFICATIONS.includes(product.classification),
        domains: mesh.domains
          .map((d) => d.name)
          .filter((name) => name !== domain.name && consents(mesh, ref, product, name))
          .sort(),
      },
      consumers: consumerViews(contract.id, ref),
      inputs,
      ...(supersededBy !== undefined ? { supersededBy } : {}),
      page: productPage(contract.id),
      schemaFile: schemaFile(contract.id),
      // The topic carries the raw records: their schema, not the table's.
      ...(raw ? { messageSchema: messageSchema(raw, contract) } : {}),
    };
  };
  // Superseded majors still running for their consumers, from the lock file: what the old
  // version was built from is not recorded, so they have no inputs.
  const retainedOf = (domainName: string): BaseView[] =>
    (mesh.retained ?? [])
      .filter((e) => e.domain === domainName)
      .map((e) => {
        const current = mesh.domains
          .find((d) => d.name === domainName)
          ?.dataProducts.find((p) => p.name === e.product.name);
        return productView({ name: e.domain, owner: e.owner }, e.product, [], current?.version ?? "");
      });

  const domains: (Omit<DomainView, "products"> & { products: BaseView[] })[] = mesh.domains.map((domain) => {
    const inputs = inputsOf(domain);
    return {
      name: domain.name,
      owner: domain.owner,
      description: domain.description,
      products: [
        ...domain.dataProducts.map((product) =>
          productView(domain, product, readInputs(kafkaTopicName(productRef(domain, product)), inputs)),
        ),
        ...retainedOf(domain.name),
      ],
      inputs,
    };
  });
  // A domain gone from the mesh whose last versions still run for their consumers.
  for (const name of [...new Set((mesh.retained ?? []).map((e) => e.domain))].sort()) {
    if (domains.some((d) => d.name === name)) continue;
    const products = retainedOf(name);
    domains.push({
      name,
      owner: products[0]!.owner,
      description: "No longer declared: its superseded product versions run on while domains consume them.",
      products,
      inputs: [],
    });
  }
  const linked = withLinks(domains.flatMap((d) => d.products));
  const products = domains.flatMap((d) => d.products).map((p) => linked.get(p.id)!);
  const edges = products.flatMap((p) =>
    p.inputs.filter((i) => i.page !== undefined).map((i) => ({ from: i.id, to: p.id, major: i.major })),
  );
  return {
    domains: domains.map((d) => ({ ...d, products: d.products.map((p) => linked.get(p.id)!) })),
    products,
    edges,
  };
}

/** Adds to each product who reads it and its other major versions, once all are known. */
function withLinks(products: readonly BaseView[]): Map<string, ProductView> {
  const readBy = new Map<string, ReaderView[]>();
  const versions = new Map<string, VersionView[]>();
  for (const p of products) {
    for (const i of p.inputs) {
      const reader = { id: p.id, domain: p.domain, product: p.product, page: p.page };
      readBy.get(i.id)?.push(reader) ?? readBy.set(i.id, [reader]);
    }
    const key = JSON.stringify([p.domain, p.product]);
    const version = {
      id: p.id,
      major: p.major,
      version: p.version,
      page: p.page,
      superseded: p.supersededBy !== undefined,
    };
    versions.get(key)?.push(version) ?? versions.set(key, [version]);
  }
  return new Map(
    products.map((p) => [
      p.id,
      {
        ...p,
        readBy: readBy.get(p.id) ?? [],
        versions: (versions.get(JSON.stringify([p.domain, p.product])) ?? [])
          .filter((v) => v.id !== p.id)
          .sort((a, b) => a.major - b.major),
      },
    ]),
  );
}
