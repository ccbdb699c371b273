import { beforeAll, describe, expect, it } from "vitest";
import { type Contract, contractsOf } from "../../components/contract/contract.js";
import { messageSchema } from "../../components/contract/messageSchema.js";
import { loadMesh } from "../../program/loadMesh.js";
import { messageValidator, sampleOrder } from "../support/messageValidator.js";

let contracts: Contract[];
beforeAll(async () => {
  contracts = contractsOf((await loadMesh()).domains);
});
const contract = (id: string) => contracts.find((c) => c.id === id)!;

const validator = (id: string) => messageValidator(contract(id));

const order = sampleOrder;

describe("messageSchema: the JSON Schema of a record on the ingestion topic", () => {
  it("accepts a record that honours the contract", () => {
    const validate = validator("orders.orders.v1");
    expect(validate(order)).toBe(true);
    expect(validate({ ...order, amount: 19.99 })).toBe(true);
  });

  it.each([
    ["a missing required field", { ...order, order_id: undefined }, "must have required property 'order_id'"],
    [
      "a value outside the accepted ones",
      { ...order, status: "lost" },
      "must be equal to one of the allowed values",
    ],
    ["a number below the minimum", { ...order, amount: -1 }, "must be >= 0"],
    [
      "a decimal with too many places",
      { ...order, amount: "19.999" },
      'must match pattern "^-?[0-9]{1,10}(\\.[0-9]{1,2})?$"',
    ],
    ["a malformed timestamp", { ...order, ordered_at: "yesterday" }, 'must match format "date-time"'],
    ["a field not in the contract", { ...order, coupon: "X" }, "must NOT have additional properties"],
  ])("rejects %s", (_, record, message) => {
    const validate = validator("orders.orders.v1");
    expect(validate(JSON.parse(JSON.stringify(record)))).toBe(false);
    expect(validate.errors?.map((e) => e.message)).toContain(message);
  });

  it("lets optional fields be null and marks PII", () => {
    const schema = messageSchema(contract("customers.customers.v2")) as { properties: Record<string, any> };
    expect(schema.properties.full_name.anyOf[1]).toEqual({ type: "null" });
    expect(schema.properties.full_name.anyOf[0]["x-pii"]).toBe(true);
    expect(schema.properties.segment.enum).toEqual(["consumer", "business", "enterprise"]);
  });
});
