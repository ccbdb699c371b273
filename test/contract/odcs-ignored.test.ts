/**
 * What ODCS import drops and how it names things (`components/contract/odcs/{ignored,names,errors}.ts`):
 * a dropped field that carries information is warned of with the reason the mesh has no place for
 * it, an empty one or an ODCS default is dropped silently, and free-text names become the mesh's
 * DNS labels and snake_case.
 */
import { describe, expect, it } from "vitest";
import { child, formatProblem, OdcsImportError } from "../../components/contract/odcs/errors.js";
import { ignoredFields } from "../../components/contract/odcs/ignored.js";
import { toDnsLabel, toSnakeCase } from "../../components/contract/odcs/names.js";

describe("a field the mesh drops", () => {
  it("is warned of with the reason the mesh has no place for it", () => {
    const reasons: Record<string, string> = {
      businessName: "the mesh keeps one description per field",
      tags: "the mesh has no tags",
      authoritativeDefinitions: "the mesh keeps no links to definitions",
      examples: "the mesh keeps no sample values",
      partitioned: "the mesh partitions its tables itself",
      partitionKeyPosition: "the mesh partitions its tables itself",
      physicalName: "the mesh names its own tables",
      encryptedName: "the mesh encrypts whole tables, not columns",
      transformSourceObjects: "the transform is the product's SQL",
      transformLogic: "the transform is the product's SQL",
      transformDescription: "the transform is the product's SQL",
      relationships: "the mesh does not check relationships between tables",
      dataGranularityDescription: "the product's description states its grain",
      criticalDataElement: "the mesh does not mark critical data elements",
      customProperties: "not a property the mesh reads",
      tenant: "the mesh has no tenants",
      support: "the mesh has no support channels; the owner's email is the contact",
      price: "mesh products have no price",
      roles:
        "access is a declared consumption (`consumes`) the producer consents to (`access.consumers`), not roles",
      contractCreatedTs: "the declaration's history is in git",
      slaDefaultElement: "deprecated in ODCS v3.1",
      servers: "the mesh provisions and names its own topic and warehouse table",
      somethingNew: "the mesh model has no place for it",
    };
    const obj = Object.fromEntries(Object.keys(reasons).map((k) => [k, "x"]));
    expect(ignoredFields(obj, [], "schema[0]")).toEqual(
      Object.entries(reasons).map(([k, why]) => `schema[0].${k} ignored: ${why}`),
    );
  });

  it("is not warned of when the mesh reads it", () => {
    expect(ignoredFields({ name: "a", tags: ["t"], price: 3 }, ["name", "tags"], "")).toEqual([
      "price ignored: mesh products have no price",
    ]);
  });

  it("is dropped silently when it is empty or the ODCS default", () => {
    const empty = {
      tags: null,
      criticalDataElement: false,
      partitionKeyPosition: -1,
      primaryKeyPosition: -1,
      examples: [],
      customProperties: {},
    };
    expect(ignoredFields(empty, [], "")).toEqual([]);
  });

  it("is warned of when it carries anything, however small", () => {
    const carrying = {
      criticalDataElement: true,
      partitionKeyPosition: 2,
      encryptedName: -1,
      price: 0,
      examples: [0],
      support: { channel: "x" },
      tenant: "",
    };
    expect(ignoredFields(carrying, [], "t")).toEqual([
      "t.criticalDataElement ignored: the mesh does not mark critical data elements",
      "t.partitionKeyPosition ignored: the mesh partitions its tables itself",
      "t.encryptedName ignored: the mesh encrypts whole tables, not columns",
      "t.price ignored: mesh products have no price",
      "t.examples ignored: the mesh keeps no sample values",
      "t.support ignored: the mesh has no support channels; the owner's email is the contact",
      "t.tenant ignored: the mesh has no tenants",
    ]);
  });
});

describe("a path in an ODCS document", () => {
  it("indexes lists, dots keys and starts at the root", () => {
    expect(child("schema", 0)).toBe("schema[0]");
    expect(child("schema[0]", "properties")).toBe("schema[0].properties");
    expect(child("", "id")).toBe("id");
    expect(child("", 2)).toBe("[2]");
  });

  it("prefixes a problem's message, unless the problem is the document's", () => {
    expect(formatProblem({ path: "id", message: "is required" })).toBe("id: is required");
    expect(formatProblem({ path: "", message: "not a contract" })).toBe("not a contract");
    const error = new OdcsImportError("rates.yaml is not a data product:", [
      { path: "id", message: "is required" },
      { path: "", message: "not a contract" },
    ]);
    expect(error.message).toBe("rates.yaml is not a data product:\n  id: is required\n  not a contract");
    expect(error.name).toBe("OdcsImportError");
    expect(error.problems).toHaveLength(2);
  });
});

describe("an ODCS name as a mesh name", () => {
  it("becomes a DNS label: words split at case changes, accents dropped, one hyphen between", () => {
    expect(toDnsLabel("Orders Event Stream")).toBe("orders-event-stream");
    expect(toDnsLabel("XMLFile")).toBe("xml-file");
    expect(toDnsLabel("UniqueID")).toBe("unique-id");
    expect(toDnsLabel("  Café Crème! ")).toBe("cafe-creme");
    expect(toDnsLabel("--a--b--")).toBe("a-b");
  });

  it("becomes snake_case the same way", () => {
    expect(toSnakeCase("DataValue")).toBe("data_value");
    expect(toSnakeCase("XMLFile")).toBe("xml_file");
    expect(toSnakeCase("order  total")).toBe("order_total");
    expect(toSnakeCase("__Total Due €__")).toBe("total_due");
    expect(toSnakeCase("Naïve")).toBe("naive");
  });
});
