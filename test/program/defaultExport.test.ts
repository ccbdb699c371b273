/**
 * A domain file's declaration is its `export default`, whether Node loaded the file as a module or,
 * outside a `"type": "module"` package, as CommonJS compiled by tsx (program/defaultExport.ts).
 */
import { describe, expect, it } from "vitest";
import { defaultExport } from "../../program/defaultExport.js";

const declaration = { input: { name: "sales" } };

describe("defaultExport", () => {
  it("takes an ES module's default as it is", () => {
    expect(defaultExport({ default: declaration })).toBe(declaration);
  });

  it("takes the compiled default out of a CommonJS module's exports", () => {
    // What Node's import of tsx's CommonJS output gives: the whole `exports`, marked __esModule.
    const exports = Object.defineProperty({ default: declaration }, "__esModule", { value: true });
    expect(defaultExport({ default: exports })).toBe(declaration);
  });

  it("leaves an object that only has a `default` key alone unless the compiler marked it", () => {
    const plain = { default: declaration };
    expect(defaultExport({ default: plain })).toBe(plain);
    const marked = { __esModule: true };
    expect(defaultExport({ default: marked })).toBe(marked);
  });

  it("passes anything else through, for the caller to refuse", () => {
    for (const value of [undefined, null, 42, "x"]) expect(defaultExport({ default: value })).toBe(value);
    expect(defaultExport({})).toBeUndefined();
  });
});
