/**
 * The commonest mistakes in a domain file get exit 2 and one `file:line:col: message` line (the
 * TypeScript compiler's diagnostic where it is one), never a stack trace, and nothing is planned
 * or run while the mesh is invalid: from `mesh plan`, `mesh run` and the Pulumi program alike.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/mesh.js";
import { planStack } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { deployMeshNode } from "../../program/node.js";
import { capture, workspace } from "../runner/support.js";

interface Mistake {
  readonly name: string;
  /** Makes the mistake in a copy of the example mesh. */
  readonly make: (dir: string) => void;
  /** The one line reported, after the orders file's path. */
  readonly expected: string;
  /** A second line, where the compiler has a second finding. */
  readonly more?: string;
}

/** Replaces `from` (its first occurrence, which must exist) in a file of the workspace. */
function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  expect(text, `${file} must contain ${from}`).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

const ORDERS = "domains/orders/index.ts";

const mistakes: readonly Mistake[] = [
  {
    name: "a missing comma",
    make: (dir) => edit(dir, ORDERS, '  name: "orders",\n', '  name: "orders"\n'),
    expected: ":5:3: ',' expected.",
  },
  {
    name: "a misspelt name (Clasification.Internal)",
    make: (dir) => edit(dir, ORDERS, "Classification.Internal", "Clasification.Internal"),
    expected: ":12:23: Cannot find name 'Clasification'. Did you mean 'Classification'?",
  },
  {
    name: "a misspelt import",
    make: (dir) => edit(dir, ORDERS, "import { Classification,", "import { Clasification,"),
    // The compiler's two findings: the import, and the use of the name it no longer imports.
    expected: `:1:10: '"@datamesh/platform"' has no exported member named 'Clasification'. Did you mean 'Classification'?`,
    more: ":12:23: Cannot find name 'Classification'. Did you mean 'Clasification'?",
  },
  {
    name: 'a misspelt module ("@datamesh/platfrom")',
    make: (dir) => edit(dir, ORDERS, '"@datamesh/platform"', '"@datamesh/platfrom"'),
    expected: ":1:46: Cannot find module '@datamesh/platfrom' or its corresponding type declarations.",
  },
  {
    name: "a field written twice in schema (JavaScript would keep the last silently)",
    make: (dir) =>
      edit(
        dir,
        ORDERS,
        "        currency: {",
        '        amount: { type: "string", description: "Again." },\n        currency: {',
      ),
    expected: ":24:9: An object literal cannot have multiple properties with the same name.",
  },
  {
    name: "an empty transform.sqlFile",
    make: (dir) => writeFileSync(join(dir, "domains/orders/orders.sql"), "\n"),
    expected:
      ':33:9: dataProducts[0].transform.sqlFile: "orders.sql" is empty; a transform is exactly one SELECT',
  },
  {
    name: "a field type the schema does not know (a zod error, at the field's line)",
    make: (dir) => edit(dir, ORDERS, 'type: "decimal(12,2)"', 'type: "strin"'),
    expected:
      ':23:19: dataProducts[0].schema.amount.type: expected one of string, int, bigint, double, decimal(p,s), boolean, date, timestamp, json, list<T>, struct<name:T,...>, got "strin"',
  },
];

/**
 * One workspace for every `mesh plan` case. `mesh plan` reads each domain file in a child process
 * of its own, started once per path and content: in one workspace, the files a case leaves as they
 * are (customers, analytics) are read once for the whole file, and each case starts one child, for
 * its mistaken file. (`mesh run` imports domain files in this process, where Node would keep the
 * first content of a path: its cases each have a workspace of their own.)
 */
let shared: string;
beforeAll(() => {
  shared = workspace();
});

/**
 * A workspace with the mistake made, and the orders file's path as messages name it: `dir`, set
 * back to the example mesh first, or a new one.
 */
function mistaken(mistake: Mistake, dir?: string): { dir: string; orders: string; lines: string[] } {
  if (dir) cpSync("domains", join(dir, "domains"), { recursive: true, force: true });
  else dir = workspace();
  mistake.make(dir);
  const orders = relative(process.cwd(), join(dir, ORDERS));
  const lines = [mistake.expected, mistake.more].filter((l) => l !== undefined).map((l) => `${orders}${l}`);
  return { dir, orders, lines };
}

const noStackTrace = (text: string) => {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toContain("internal error");
};

describe("a mistake in a domain file", () => {
  describe.each(mistakes)("$name", (mistake) => {
    it("mesh plan: exit 2, file:line:col: message, no stack planned", async () => {
      const { dir, lines } = mistaken(mistake, shared);
      const io = capture();
      expect(await main(["plan"], io, dir)).toBe(2);
      expect(io.stderr).toEqual([`error: ${lines.join("\n")}`]);
      noStackTrace([...io.stdout, ...io.stderr].join("\n"));
      expect(io.stdout.join("\n")).not.toMatch(/Stack |Planned/);
    });

    it("mesh run: exit 2, the same line, nothing run", async () => {
      const { dir, lines } = mistaken(mistake);
      const io = capture();
      expect(await main(["run", "--all", "--out", join(dir, ".mesh")], io, dir)).toBe(2);
      expect(io.stderr).toEqual([`error: ${lines.join("\n")}`]);
      noStackTrace([...io.stdout, ...io.stderr].join("\n"));
      expect(io.stdout).toEqual([]);
    });
  });

  it("the Pulumi program throws a RunError (printed without a stack) whose message is the line", async () => {
    const mistake = mistakes.find((m) => m.name.startsWith("a field written twice"))!;
    const { dir, orders } = mistaken(mistake, shared);
    const stack = readStackFile(join(dir, "stacks", "Pulumi.orders-dev.yaml"));
    const error = await planStack(stack, async () => ({
      ...(await deployMeshNode(join(dir, "domains"), dir)),
    })).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(error?.message).toBe(`${orders}${mistake.expected}`);
  });

  it("every problem of every domain is reported at once", async () => {
    const { dir } = mistaken(mistakes[0]!, shared);
    edit(dir, "domains/customers/index.ts", "Classification.", "Clasification.");
    const io = capture();
    expect(await main(["plan"], io, dir)).toBe(2);
    const text = io.stderr.join("\n");
    expect(text).toContain(`${relative(process.cwd(), join(dir, ORDERS))}:5:3: ',' expected.`);
    expect(text).toMatch(/domains\/customers\/index\.ts:\d+:\d+: Cannot find name 'Clasification'/);
  });
});
