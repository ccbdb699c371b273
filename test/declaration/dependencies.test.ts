/** The order `mesh run --all` runs product versions in, and the cycles `validateMesh` refuses. */
import { describe, expect, it } from "vitest";
import { dependencyOrder, productDependencies } from "../../components/declaration/dependencies.js";
import type { ProductModel } from "../../components/declaration/productModel.js";

/** A product version `id` whose transform is `sql`, consuming the ids in `reads` (views `<id with __>`). */
function product(id: string, sql: string, consumes: readonly string[] = []): ProductModel {
  const view = (input: string) => input.replace(/\.v\d+$/, "").replace(".", "__");
  return {
    id,
    sql,
    inputs: consumes.map((input) => ({ id: input, view: view(input) })),
  } as unknown as ProductModel;
}

describe("productDependencies", () => {
  it("lists the declared inputs the SQL names, in any case, and not those it never names", () => {
    const deps = productDependencies([
      product("a.x.v1", "SELECT * FROM B__Y JOIN c__z USING (k)", ["b.y.v1", "c.z.v2", "d.w.v1"]),
    ]);
    expect(deps.get("a.x.v1")).toEqual(["b.y.v1", "c.z.v2"]);
  });

  it("matches whole names only: a view whose name contains another's is not a read of it", () => {
    const deps = productDependencies([
      product("a.x.v1", "SELECT * FROM b__yy", ["b.y.v1", "b.yy.v1"]),
      product("a.w.v1", "SELECT * FROM staging", ["b.y.v1"]),
    ]);
    expect(deps.get("a.x.v1")).toEqual(["b.yy.v1"]);
    expect(deps.get("a.w.v1")).toEqual([]);
  });
});

describe("dependencyOrder", () => {
  it("puts each product version after the ones it reads, whatever order they are declared in", () => {
    const { order, cycle } = dependencyOrder([
      product("c.z.v1", "SELECT * FROM b__y", ["b.y.v1"]),
      product("b.y.v1", "SELECT * FROM a__x", ["a.x.v1"]),
      product("a.x.v1", "SELECT * FROM staging"),
      product("d.w.v1", "SELECT * FROM staging"),
    ]);
    expect(cycle).toBeUndefined();
    expect(order).toEqual(["a.x.v1", "b.y.v1", "c.z.v1", "d.w.v1"]);
  });

  it("visits a product read by two others once", () => {
    const { order } = dependencyOrder([
      product("b.y.v1", "SELECT * FROM a__x", ["a.x.v1"]),
      product("c.z.v1", "SELECT * FROM a__x", ["a.x.v1"]),
      product("a.x.v1", "SELECT * FROM staging"),
    ]);
    expect(order).toEqual(["a.x.v1", "b.y.v1", "c.z.v1"]);
  });

  it("orders by what is read, not by an input missing from the mesh", () => {
    const { order } = dependencyOrder([product("b.y.v1", "SELECT * FROM gone__p", ["gone.p.v1"])]);
    expect(order).toEqual(["b.y.v1"]);
  });

  it("names a cycle from where it was entered, its first version repeated last", () => {
    const result = dependencyOrder([
      product("a.x.v1", "SELECT * FROM staging"),
      product("b.y.v1", "SELECT * FROM c__z JOIN a__x USING (k)", ["a.x.v1", "c.z.v1"]),
      product("c.z.v1", "SELECT * FROM d__w", ["d.w.v1"]),
      product("d.w.v1", "SELECT * FROM b__y", ["b.y.v1"]),
    ]);
    expect(result).toEqual({ cycle: ["b.y.v1", "c.z.v1", "d.w.v1", "b.y.v1"] });
  });

  it("names only the cycle, not the path that led into it", () => {
    const result = dependencyOrder([
      product("a.x.v1", "SELECT * FROM b__y", ["b.y.v1"]),
      product("b.y.v1", "SELECT * FROM c__z", ["c.z.v1"]),
      product("c.z.v1", "SELECT * FROM b__y", ["b.y.v1"]),
    ]);
    expect(result).toEqual({ cycle: ["b.y.v1", "c.z.v1", "b.y.v1"] });
  });

  it("refuses a product that reads itself", () => {
    expect(dependencyOrder([product("a.x.v1", "SELECT * FROM a__x", ["a.x.v1"])])).toEqual({
      cycle: ["a.x.v1", "a.x.v1"],
    });
  });

  it("lets two domains consume each other's products when no SQL closes the loop", () => {
    const { order, cycle } = dependencyOrder([
      product("a.x.v1", "SELECT * FROM staging", ["b.y.v1"]),
      product("b.y.v1", "SELECT * FROM a__x", ["a.x.v1"]),
    ]);
    expect(cycle).toBeUndefined();
    expect(order).toEqual(["a.x.v1", "b.y.v1"]);
  });
});
