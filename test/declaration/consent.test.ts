/**
 * The producer's consent: a consumer's `consumes` is a request; only the producer's access lists
 * grant it. Each case plays the consumer (or a future domain) that tries to get data anyway.
 */
import { describe, expect, it } from "vitest";
import { lockEntryOf } from "../../components/contract/lock.js";
import {
  consentProblem,
  describeConsumers,
  fileOf,
  unknownDomainProblems,
} from "../../components/declaration/consent.js";
import type { DomainDefinition } from "../../components/declaration/defineDomain.js";
import { validateDomain } from "../../components/declaration/defineDomain.js";
import { DeclarationError } from "../../components/declaration/errors.js";
import { consumersOf, validateMesh } from "../../components/declaration/mesh.js";
import { mayConsume } from "../../components/declaration/schema.js";
import { eventsDomain } from "./meshFixtures.js";
import { meshProblems } from "./meshProblems.js";

/** A domain `name` with one product `<name>-events` at 2.1.0; `product` edits that product. */
const def = (
  name: string,
  product: Record<string, unknown> = {},
  consumes: { domain: string; product: string; major: number }[] = [],
): DomainDefinition => eventsDomain(name, { version: "2.1.0", consumes, product });
const reads = (domain: string) => [{ domain, product: `${domain}-events`, major: 2 }];

const problems = meshProblems;

describe("validateMesh: a consumption needs the producer's consent", () => {
  it("refuses consuming a confidential product its producer does not list the consumer for", () => {
    const crm = def("crm", { classification: "confidential" });
    expect(problems([crm, def("sales", {}, reads("crm"))])).toEqual([
      {
        source: "domains/sales/index.ts:3",
        path: "consumes[0]",
        message:
          'crm/crm-events v2 is confidential: its producer must add "sales" to dataProducts[0].access.consumers in domains/crm/index.ts (access.consumers unset: no domain until the producer lists it)',
      },
    ]);
  });

  it("refuses a restricted product listed for other domains only, naming the list", () => {
    const crm = def("crm", { classification: "restricted", access: { consumers: ["billing"] } });
    const [problem] = problems([crm, def("billing"), def("sales", {}, reads("crm"))]);
    expect(problem!.message).toBe(
      'crm/crm-events v2 is restricted: its producer must add "sales" to dataProducts[0].access.consumers in domains/crm/index.ts (access.consumers it lists billing)',
    );
  });

  it("refuses an internal product whose producer lists its consumers, when the consumer is not listed", () => {
    const stock = def("stock", { access: { consumers: [] } });
    expect(problems([stock, def("sales", {}, reads("stock"))])[0]!.message).toMatch(
      /^stock\/stock-events v2 is internal: its producer must add "sales" to dataProducts\[0\]\.access\.consumers/,
    );
  });

  it("accepts internal and public products open to the mesh, and listed consumers of confidential ones", () => {
    const crm = def("crm", { classification: "confidential", access: { consumers: ["sales"] } });
    const mesh = validateMesh([crm, def("stock"), def("sales", {}, [...reads("crm"), ...reads("stock")])]);
    expect(consumersOf(mesh, { domain: "crm", product: "crm-events", major: 2 })).toEqual(["sales"]);
  });
});

describe("validateMesh: consent to a superseded major still running", () => {
  it("is withdrawn for every version when the current declaration stops listing the consumer", () => {
    const v2 = def("crm", { classification: "confidential", access: { consumers: ["sales"] } });
    const lock = {
      lockfileVersion: 1 as const,
      products: {
        "crm.crm-events.v2": lockEntryOf(validateDomain(v2), validateDomain(v2).dataProducts[0]!),
      },
    };
    const v3 = def("crm", { classification: "confidential", version: "3.0.0", access: { consumers: [] } });
    const sales = def("sales", {}, reads("crm"));
    expect(() => validateMesh([v2, sales], {}, lock)).not.toThrow();
    let refused: unknown;
    try {
      validateMesh([v3, sales], {}, lock);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(DeclarationError);
    expect((refused as DeclarationError).problems.map((p) => p.message)).toEqual([
      'crm/crm-events v3 is confidential: its producer must add "sales" to dataProducts[0].access.consumers in domains/crm/index.ts (access.consumers it lists none)',
    ]);
  });
});

describe("validateMesh: access lists name only domains of the mesh", () => {
  it("refuses an access.pii or access.consumers entry for a domain that does not exist yet", () => {
    const crm = def("crm", {
      classification: "confidential",
      access: { consumers: ["sales", "marketing"], pii: ["marketing"] },
    });
    expect(problems([crm, def("sales")])).toEqual([
      {
        source: "domains/crm/index.ts:3",
        path: "dataProducts[0].access.pii[0]",
        message:
          'no domain "marketing" in the mesh (known: crm, sales); access is granted only to existing domains',
      },
      {
        source: "domains/crm/index.ts:3",
        path: "dataProducts[0].access.consumers[1]",
        message:
          'no domain "marketing" in the mesh (known: crm, sales); access is granted only to existing domains',
      },
    ]);
  });
});

describe("access lists in one declaration", () => {
  const crm = (access: unknown) => def("crm", { classification: "confidential", access }).input;
  const issues = (access: unknown) => {
    try {
      validateDomain(crm(access));
    } catch (e) {
      if (e instanceof DeclarationError) return e.problems.map(({ path, message }) => ({ path, message }));
      throw e;
    }
    return [];
  };

  it("refuses admitting to the PII a domain that may not consume the product", () => {
    expect(issues({ pii: ["sales"] })).toEqual([
      {
        path: "dataProducts[0].access.pii[0]",
        message: '"sales" is admitted to the PII but may not consume the product: add it to access.consumers',
      },
    ]);
    expect(issues({ consumers: ["sales"], pii: ["sales"] })).toEqual([]);
  });

  it("refuses a domain listed twice, and wildcards", () => {
    expect(issues({ consumers: ["sales", "sales"] })).toEqual([
      { path: "dataProducts[0].access.consumers", message: 'access.consumers lists "sales" twice' },
    ]);
    expect(issues({ consumers: ["*"] })[0]!.path).toBe("dataProducts[0].access.consumers[0]");
  });

  it("defaults by classification: public and internal open, confidential and restricted closed", () => {
    const open = { pii: [] };
    expect(mayConsume({ classification: "public", access: open }, "sales")).toBe(true);
    expect(mayConsume({ classification: "internal", access: open }, "sales")).toBe(true);
    expect(mayConsume({ classification: "confidential", access: open }, "sales")).toBe(false);
    expect(mayConsume({ classification: "restricted", access: open }, "sales")).toBe(false);
    expect(mayConsume({ classification: "public", access: { pii: [], consumers: [] } }, "sales")).toBe(false);
  });
});

describe("consent messages: where the producer makes the change, and whom it serves", () => {
  const product = (access: Record<string, unknown>, classification = "confidential") =>
    validateDomain(def("orders", { classification, access })).dataProducts[0]!;

  it("names the producer's file without its line, whatever the line's digits or the path's colons", () => {
    expect(fileOf({ source: "domains/orders/index.ts:12" }, "orders")).toBe("domains/orders/index.ts");
    expect(fileOf({ source: "domains/v:2/index.ts:7" }, "orders")).toBe("domains/v:2/index.ts");
    expect(fileOf({}, "orders")).toBe('the declaration of domain "orders"');
  });

  it("says whom an access list serves: its names, none, or what the classification opens", () => {
    expect(describeConsumers(product({ consumers: ["shipping", "billing"] }))).toBe(
      "it lists shipping, billing",
    );
    expect(describeConsumers(product({ consumers: [] }))).toBe("it lists none");
    expect(describeConsumers(product({}, "internal"))).toBe("unset: every domain");
    expect(describeConsumers(product({}))).toBe("unset: no domain until the producer lists it");
  });

  it("names the product's access list by its place in the declaration, or by name when it has none", () => {
    const domain = validateDomain(def("orders", { classification: "confidential" }));
    const listed = domain.dataProducts[0]!;
    const producer = { def: { source: "domains/orders/index.ts:3" }, domain };
    expect(consentProblem("shipping", producer, listed, 2)).toBe(
      'orders/orders-events v2 is confidential: its producer must add "shipping" to dataProducts[0].access.consumers in domains/orders/index.ts (access.consumers unset: no domain until the producer lists it)',
    );
    // A superseded major, as contracts.lock.json keeps it: not one of the declaration's products.
    expect(consentProblem("shipping", producer, { ...listed }, 1)).toContain(
      "to the product's access.consumers in domains/orders/index.ts",
    );
    expect(consentProblem("shipping", producer, product({ consumers: ["shipping"] }), 2)).toBeUndefined();
  });

  it("lists the mesh's domains in order when an access list names an unknown one", () => {
    const domain = validateDomain(def("orders", { access: { consumers: ["shiping"] } }));
    const [problem] = unknownDomainProblems(domain, new Set(["shipping", "billing", "orders"]));
    expect(problem).toEqual({
      path: "dataProducts[0].access.consumers[0]",
      message:
        'no domain "shiping" in the mesh (known: billing, orders, shipping); access is granted only to existing domains',
    });
  });
});
