/**
 * A run's error leaves its domain (the catalog, OpenLineage) as its kind only: the text of a
 * database error quotes the data it failed on, and a tenant's SQL can put any value in it.
 */
import { describe, expect, it } from "vitest";
import { publishedError, WITHHELD } from "../../components/publishedError.js";

describe("publishedError", () => {
  it.each([
    ["Conversion Error: Could not convert string 'alice@example.com' to INT32", "Conversion Error"],
    ['Constraint Error: PRIMARY KEY or UNIQUE constraint violation: duplicate key "17"', "Constraint Error"],
    // What a hostile transform passes to error(): another domain's PII it is admitted to.
    ["Invalid Input Error: alice@example.com +44 20 7946 0000", "Invalid Input Error"],
    ["Out of Memory Error: could not allocate block of size 256KB", "Out of Memory Error"],
    // As the runner reports it: the product, then DuckDB's message.
    [
      "orders.orders.v1: transform: Conversion Error: Could not convert string '17x' to INT32",
      "Conversion Error",
    ],
  ])("keeps the kind of %j and withholds its text", (message, kind) => {
    const published = publishedError(message);
    expect(published).toBe(`${kind} (${WITHHELD})`);
    expect(published).not.toMatch(/alice|17|\+44|256KB/);
  });

  it("withholds a message with no kind it can tell, whatever its first words", () => {
    expect(publishedError("alice@example.com: Error: not an error kind")).toBe(
      `the run failed (${WITHHELD})`,
    );
    expect(publishedError("the output breaks its contract; the previous table is kept")).toBe(
      `the run failed (${WITHHELD})`,
    );
  });
});
