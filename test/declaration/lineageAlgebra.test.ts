/**
 * The algebra column lineage is derived with (lineage.ts): how two reads of one input column
 * combine, what one more operation does to a read, and the stored form. The PII and
 * classification checks trust its answers: a value read must never come out weaker than it went in.
 */
import { describe, expect, it } from "vitest";
import {
  asFilter,
  asValue,
  ColumnLineageSchema,
  type Dep,
  type Deps,
  depsOf,
  exposes,
  type LineageKind,
  lockedLineage,
  merge,
  sourcesOf,
  through,
} from "../../components/declaration/lineage.js";

const read = (kind: LineageKind, deidentified = false, column = "email"): Deps =>
  new Map([[`c\0${column}`, { input: "c", column, kind, deidentified }]]);
/** The one dependency of `deps` as `kind` or `kind de-identified`. */
const only = (deps: Deps): string => {
  const [dep, ...rest] = [...deps.values()] as Dep[];
  expect(rest).toEqual([]);
  return `${dep!.kind}${dep!.deidentified ? " de-identified" : ""}`;
};

describe("merge: one input column read twice", () => {
  it("a value read beats a filter read, whichever comes first", () => {
    expect(only(merge(read("filtered"), read("direct")))).toBe("direct");
    expect(only(merge(read("direct"), read("filtered")))).toBe("direct");
    expect(only(merge(read("filtered"), read("aggregated", true)))).toBe("aggregated de-identified");
    expect(only(merge(read("aggregated", true), read("filtered")))).toBe("aggregated de-identified");
    expect(only(merge(read("filtered"), read("filtered")))).toBe("filtered");
  });

  it("two value reads give the stronger kind", () => {
    expect(only(merge(read("direct"), read("aggregated")))).toBe("aggregated");
    expect(only(merge(read("aggregated"), read("direct")))).toBe("aggregated");
    expect(only(merge(read("transformed"), read("direct")))).toBe("transformed");
    expect(only(merge(read("aggregated", true), read("aggregated", true)))).toBe("aggregated de-identified");
  });

  it("is de-identified only if every value read is: the read that is not wins", () => {
    expect(only(merge(read("aggregated", true), read("direct")))).toBe("direct");
    expect(only(merge(read("direct"), read("aggregated", true)))).toBe("direct");
  });

  it("keeps different columns apart, and merges any number of reads", () => {
    const deps = merge(
      read("direct", false, "a"),
      read("filtered", false, "b"),
      read("aggregated", false, "a"),
    );
    expect(sourcesOf(deps)).toEqual([
      { input: "c", column: "a", kind: "aggregated" },
      { input: "c", column: "b", kind: "filtered" },
    ]);
    expect(merge()).toEqual(new Map());
  });
});

describe("through: one more operation", () => {
  it("makes a value read at least that kind, never weaker", () => {
    expect(only(through(read("direct"), "transformed"))).toBe("transformed");
    expect(only(through(read("aggregated"), "transformed"))).toBe("aggregated");
    expect(only(through(read("transformed"), "aggregated"))).toBe("aggregated");
  });

  it("leaves a filter read one, de-identified or not", () => {
    expect(only(through(read("filtered"), "aggregated", true))).toBe("filtered");
  });

  it("de-identifies when the operation does, and stays de-identified after", () => {
    expect(only(through(read("direct"), "aggregated", true))).toBe("aggregated de-identified");
    expect(only(through(read("aggregated", true), "transformed"))).toBe("aggregated de-identified");
  });
});

describe("asFilter and asValue", () => {
  it("asFilter: read only to choose rows, de-identified or not", () => {
    expect(only(asFilter(read("aggregated", true)))).toBe("filtered");
  });

  it("asValue: a subquery's filter reads decide its value too", () => {
    expect(only(asValue(read("filtered")))).toBe("transformed");
    expect(only(asValue(read("direct")))).toBe("transformed");
    expect(only(asValue(read("aggregated", true)))).toBe("aggregated de-identified");
    expect(only(asValue(read("aggregated")))).toBe("aggregated");
  });
});

describe("the stored form", () => {
  it("sourcesOf: sorted by input, then column; de-identified said only when it is", () => {
    const deps = merge(
      depsOf("b", ["z", "a"], "direct"),
      depsOf("a", ["m"], "filtered"),
      read("aggregated", true),
    );
    expect(sourcesOf(deps)).toEqual([
      { input: "a", column: "m", kind: "filtered" },
      { input: "b", column: "a", kind: "direct" },
      { input: "b", column: "z", kind: "direct" },
      { input: "c", column: "email", kind: "aggregated", deidentified: true },
    ]);
  });

  it("lockedLineage: without positions in the SQL, and copies, not the lineage's own objects", () => {
    const source = { input: "c", column: "email", kind: "direct" as const };
    const lineage = [{ column: "e", sources: [source], at: { line: 2, column: 3 } }];
    const locked = lockedLineage(lineage);
    expect(locked).toEqual([{ column: "e", sources: [source] }]);
    expect(locked[0]!.sources[0]).not.toBe(source);
  });

  it("the lock's schema refuses a de-identified flag that is not true, and unknown kinds", () => {
    const entry = (source: object) =>
      ColumnLineageSchema.safeParse({ column: "e", sources: [source] }).success;
    expect(entry({ input: "c", column: "email", kind: "aggregated", deidentified: true })).toBe(true);
    expect(entry({ input: "c", column: "email", kind: "aggregated", deidentified: false })).toBe(false);
    expect(entry({ input: "c", column: "email", kind: "copied" })).toBe(false);
  });

  it("exposes: a value read that is not de-identified", () => {
    expect(exposes({ kind: "direct" })).toBe(true);
    expect(exposes({ kind: "aggregated", deidentified: true })).toBe(false);
    expect(exposes({ kind: "filtered" })).toBe(false);
  });
});
