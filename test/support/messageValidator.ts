/** Test support: ajv (draft 2020-12, formats checked) compiled on a product's raw-record JSON Schema. */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { type Contract, contractsOf } from "../../components/contract/contract.js";
import { type MessageSchemaId, messageSchema } from "../../components/contract/messageSchema.js";
import { type RawRecords, rawRecordsOf } from "../../components/declaration/productModel.js";
import type { DomainDeclaration } from "../../components/declaration/schema.js";

export function messageValidator(raw: RawRecords, id: MessageSchemaId): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addKeyword("x-pii");
  return ajv.compile(messageSchema(raw, id));
}

/** The products of `domains` that ingest raw records: their contract and raw records. */
export function rawProducts(
  domains: readonly DomainDeclaration[],
): { contract: Contract; raw: RawRecords }[] {
  return contractsOf(domains).flatMap((contract) => {
    const declaration = domains
      .find((d) => d.name === contract.domain)
      ?.dataProducts.find((p) => p.name === contract.product && p.version === contract.version);
    const raw = declaration ? rawRecordsOf(declaration) : undefined;
    return raw ? [{ contract, raw }] : [];
  });
}

/** A valid order record of the example mesh, to vary in tests. */
export const sampleOrder = {
  order_id: "o-1",
  customer_id: "c-1",
  ordered_at: "2026-11-24T10:00:00Z",
  status: "paid",
  amount: "19.99",
  currency: "EUR",
};
