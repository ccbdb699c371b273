/** "Did you mean": the nearest name, only when near enough to be a typo. */
import { describe, expect, it } from "vitest";
import { nearestName } from "../../components/declaration/spelling.js";

describe("nearestName", () => {
  it("names the candidate one edit away: a dropped, an added, a changed letter", () => {
    expect(nearestName("stagin", ["orders__orders", "staging"])).toBe("staging");
    expect(nearestName("stagging", ["orders__orders", "staging"])).toBe("staging");
    expect(nearestName("stazing", ["orders__orders", "staging"])).toBe("staging");
  });

  it("ignores case, and answers with the candidate as written", () => {
    expect(nearestName("STAGIN", ["Staging"])).toBe("Staging");
  });

  it("picks the nearest of several, the first of equally near ones", () => {
    expect(nearestName("orders__order", ["orders__orders", "orders__ordered"])).toBe("orders__orders");
    expect(nearestName("ab", ["ax", "ay"])).toBe("ax");
    expect(nearestName("abcd", ["abcx", "abcd"])).toBe("abcd");
  });

  it("counts a transposition as two edits and a name against an empty one as its length", () => {
    // Two edits are within reach of any name.
    expect(nearestName("tsaging", ["staging"])).toBe("staging");
    expect(nearestName("ab", [""])).toBe("");
    expect(nearestName("abc", [""])).toBeUndefined();
  });

  it("allows two edits, or a third of the candidate's length when that is more", () => {
    // 12 letters: up to 4 edits.
    expect(nearestName("customerxxxx", ["customer_ids"])).toBe("customer_ids");
    expect(nearestName("customxxxxxx", ["customer_ids"])).toBeUndefined();
    // 6 letters: 2 edits, not 3.
    expect(nearestName("ordxxs", ["orders"])).toBe("orders");
    expect(nearestName("oxxxxs", ["orders"])).toBeUndefined();
    // 3 letters: still 2.
    expect(nearestName("axx", ["abc"])).toBe("abc");
  });

  it("names nothing when no candidate is near, or there are none", () => {
    expect(nearestName("warehouse", ["staging", "orders__orders"])).toBeUndefined();
    expect(nearestName("staging", [])).toBeUndefined();
  });
});
