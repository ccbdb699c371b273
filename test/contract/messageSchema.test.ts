import { beforeAll, describe, expect, it } from "vitest";
import type { Contract } from "../../components/contract/contract.js";
import { messageSchema } from "../../components/contract/messageSchema.js";
import type { RawRecords } from "../../components/declaration/productModel.js";
import { loadMesh } from "../../program/loadMesh.js";
import { messageValidator, rawProducts, sampleOrder } from "../support/messageValidator.js";

let products: { contract: Contract; raw: RawRecords }[];
beforeAll(async () => {
  products = rawProducts((await loadMesh()).domains);
});
const product = (id: string) => products.find((p) => p.contract.id === id)!;

const validator = (id: string) => messageValidator(product(id).raw, product(id).contract);

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
    [
      "a timestamp at hour 24",
      { ...order, ordered_at: "2026-01-01T24:00:00Z" },
      'must match format "date-time"',
    ],
    ["a decimal number past its precision", { ...order, amount: 99999999999 }, "must be < 10000000000"],
    ["a field not in the contract", { ...order, coupon: "X" }, "must NOT have additional properties"],
  ])("rejects %s", (_, record, message) => {
    const validate = validator("orders.orders.v1");
    expect(validate(JSON.parse(JSON.stringify(record)))).toBe(false);
    expect(validate.errors?.map((e) => e.message)).toContain(message);
  });

  it("holds strings to their length and pattern rules, as the extract stage does", () => {
    const { raw, contract } = product("orders.orders.v1");
    const currency = { ...raw.schema.currency!, minLength: 3, maxLength: 3, pattern: "^[A-Z]+$" };
    const validate = messageValidator({ ...raw, schema: { ...raw.schema, currency } }, contract);
    expect(validate(order)).toBe(true);
    expect(validate({ ...order, currency: "EU" })).toBe(false);
    expect(validate.errors?.map((e) => e.message)).toContain("must NOT have fewer than 3 characters");
    expect(validate({ ...order, currency: "EURO" })).toBe(false);
    expect(validate.errors?.map((e) => e.message)).toContain("must NOT have more than 3 characters");
    expect(validate({ ...order, currency: "eur" })).toBe(false);
    expect(validate.errors?.map((e) => e.message)).toContain('must match pattern "^[A-Z]+$"');
  });

  it("holds numbers to their maximum, as the extract stage does", () => {
    const { raw, contract } = product("orders.orders.v1");
    const amount = { ...raw.schema.amount!, max: 1000 };
    const validate = messageValidator({ ...raw, schema: { ...raw.schema, amount } }, contract);
    expect(validate({ ...order, amount: 1000 })).toBe(true);
    expect(validate({ ...order, amount: 1000.5 })).toBe(false);
    expect(validate.errors?.map((e) => e.message)).toContain("must be <= 1000");
    // Without a maximum, only the decimal's precision bounds it.
    expect(validator("orders.orders.v1")({ ...order, amount: 1000.5 })).toBe(true);
  });

  it("is a draft 2020-12 schema named by the product version", () => {
    const { raw, contract } = product("orders.orders.v1");
    expect(messageSchema(raw, contract)).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: `urn:datamesh:orders.orders.v1:${contract.version}`,
      title: `orders/orders v${contract.version}`,
    });
  });

  it("lets optional fields be null and marks PII", () => {
    const { raw, contract } = product("customers.customers.v2");
    const schema = messageSchema(raw, contract) as { properties: Record<string, any>; required: string[] };
    expect(schema.properties.full_name.anyOf[1]).toEqual({ type: "null" });
    expect(schema.properties.full_name.anyOf[0]["x-pii"]).toBe(true);
    expect(schema.properties.segment.enum).toEqual(["consumer", "business", "enterprise"]);
    expect(schema.required).not.toContain("full_name");
  });

  it("forbids undeclared fields only when the raw records reject them", () => {
    const { raw, contract } = product("orders.orders.v1");
    expect(messageSchema(raw, contract).additionalProperties).toBe(false);
    const validate = messageValidator({ ...raw, unknownFields: "drop" }, contract);
    expect(validate({ ...order, coupon: "X" })).toBe(true);
  });

  it("is computed from the raw schema, not the product's", () => {
    const { raw, contract } = product("orders.orders.v1");
    const schema = messageSchema(
      { ...raw, schema: { event_id: { ...raw.schema.order_id!, description: "Event." } } },
      contract,
    ) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(["event_id"]);
    expect(schema.required).toEqual(["event_id"]);
  });
});
