/**
 * The product model: every product version of a validated mesh — the current ones and the
 * superseded majors still consumed — built once, with its contract, its raw records and the inputs
 * its transform may read. Components, runners and the catalog all read these objects, so a
 * contract, a view name or a PII projection is decided in one place.
 */
import { type Contract, contractOf, piiFields } from "../contract/contract.js";
import { consumedViewName, kafkaTopicName, type ProductRef } from "../naming.js";
import type { ProductLineage } from "./lineage.js";
import type { DataProduct, DomainDeclaration, Field } from "./schema.js";
import { majorOf } from "./schema.js";

/** The raw records a product ingests: what its topic carries and its extract stage checks. */
export interface RawRecords {
  /** The raw record's fields: `ingestion.schema`, or the product's own schema. */
  readonly schema: Readonly<Record<string, Field>>;
  /** Fields a record carries that `schema` does not declare: quarantine the record, or drop them. */
  readonly unknownFields: "reject" | "drop";
  /** Longest raw record (one line) accepted, in bytes. */
  readonly maxRecordBytes: number;
}

/** A product version a transform reads, as its SQL sees it. */
export interface ProductInput {
  readonly ref: ProductRef;
  /** `<domain>.<product>.v<major>`. */
  readonly id: string;
  /** The view the SQL reads it by: `<domain>__<product>`. */
  readonly view: string;
  /** The consumer is not admitted to its PII: it reads the PII-free projection. */
  readonly redacted: boolean;
  /** The columns the consumer sees, as its contract types them (without PII when redacted). */
  readonly schema: Readonly<Record<string, Field>>;
}

export interface ProductModel {
  readonly ref: ProductRef;
  /** `<domain>.<product>.v<major>`. */
  readonly id: string;
  /** The owning domain's declaration. */
  readonly domain: DomainDeclaration;
  /** The product version as declared (or as last published, for a retained major). */
  readonly declaration: DataProduct;
  readonly contract: Contract;
  /** A superseded major kept running from contracts.lock.json because a domain still consumes it. */
  readonly retained: boolean;
  /** Its raw records; undefined for a product derived only from other products. */
  readonly raw?: RawRecords;
  /** The products its transform may read, at the declared majors. */
  readonly inputs: readonly ProductInput[];
  readonly sql: string;
  /** Where the SQL comes from, for messages: `domains/<domain>/<file>`, or the domain file. */
  readonly sqlSource: string;
  /**
   * Where each output column comes from (`columnLineage.ts`): derived by `meshOf` for the declared
   * products once their SQL is checked; undefined before, and for a retained major.
   */
  readonly lineage?: ProductLineage;
}

/** The raw records of a product declaration; undefined when it ingests none. */
export function rawRecordsOf(product: DataProduct): RawRecords | undefined {
  if (product.ingestion === false) return undefined;
  return {
    schema: product.ingestion.schema ?? product.schema,
    unknownFields: product.ingestion.unknownFields,
    maxRecordBytes: product.ingestion.maxRecordBytes,
  };
}

/** The columns of `contract` a consumer sees: all of them, or the non-PII ones when redacted. */
const visibleSchema = (contract: Contract, redacted: boolean) =>
  redacted ? Object.fromEntries(Object.entries(contract.schema).filter(([, f]) => !f.pii)) : contract.schema;

/**
 * `ref`, whose contract is `contract`, as domain `consumer`'s transform reads it: without its PII
 * unless `access.pii` admits the consumer. `mesh contract diff` builds it from a proposed contract.
 */
export function inputOf(consumer: string, ref: ProductRef, contract: Contract): ProductInput {
  const redacted = piiFields(contract).length > 0 && !contract.access.pii.includes(consumer);
  return {
    ref,
    id: kafkaTopicName(ref),
    view: consumedViewName(ref),
    redacted,
    schema: visibleSchema(contract, redacted),
  };
}

interface Version {
  readonly domain: DomainDeclaration;
  readonly declaration: DataProduct;
  readonly retained: boolean;
}

/**
 * Every product version of the mesh, current products first in domain order. `retained` are the
 * superseded majors still consumed, with the domain that owns them.
 */
export function buildProductModels(
  domains: readonly DomainDeclaration[],
  retained: readonly { readonly domain: string; readonly product: DataProduct }[],
): ProductModel[] {
  const versions: Version[] = [
    ...domains.flatMap((domain) =>
      domain.dataProducts.map((declaration) => ({ domain, declaration, retained: false })),
    ),
    ...retained.flatMap((entry) => {
      const domain = domains.find((d) => d.name === entry.domain);
      return domain ? [{ domain, declaration: entry.product, retained: true }] : [];
    }),
  ];
  const contracts = new Map(
    versions.map((v) => [kafkaTopicName(refOf(v)), contractOf(v.domain, v.declaration)] as const),
  );
  return versions.map((v) => {
    const ref = refOf(v);
    const inputs = v.domain.consumes.flatMap((c): ProductInput[] => {
      const id = kafkaTopicName(c);
      const contract = contracts.get(id);
      if (!contract) return []; // validateMesh reports a consumed product that does not exist
      return [inputOf(v.domain.name, { domain: c.domain, product: c.product, major: c.major }, contract)];
    });
    const file = v.declaration.transform.sqlFile;
    return {
      ref,
      id: kafkaTopicName(ref),
      domain: v.domain,
      declaration: v.declaration,
      contract: contracts.get(kafkaTopicName(ref))!,
      retained: v.retained,
      ...(rawRecordsOf(v.declaration) ? { raw: rawRecordsOf(v.declaration) } : {}),
      inputs,
      sql: v.declaration.transform.sql ?? "",
      sqlSource:
        file !== undefined && !v.retained
          ? `domains/${v.domain.name}/${file}`
          : `${v.retained ? "contracts.lock.json" : `domains/${v.domain.name}/index.ts`} (${v.declaration.name} v${majorOf(v.declaration)}: transform.sql)`,
    };
  });
}

const refOf = (v: Version): ProductRef => ({
  domain: v.domain.name,
  product: v.declaration.name,
  major: majorOf(v.declaration),
});
