/** Test support: ajv (draft 2020-12, formats checked) compiled on a contract's message JSON Schema. */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Contract } from "../../components/contract/contract.js";
import { messageSchema } from "../../components/contract/messageSchema.js";

export function messageValidator(contract: Contract): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addKeyword("x-pii");
  return ajv.compile(messageSchema(contract));
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
