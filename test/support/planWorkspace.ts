/**
 * Copies of the example mesh for `mesh plan` tests whose domain files run code, inside the project:
 * its tsconfig and node_modules resolve `@datamesh/platform` and the SDK for the plan workers, as a
 * domain repository's do.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll } from "vitest";
import { main } from "../../cli/mesh.js";
import { capture } from "../runner/support.js";

const workspaces: string[] = [];
afterAll(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the example mesh with only `stacks`, removed after the test file. */
export function planWorkspace(stacks: readonly string[]): string {
  mkdirSync(".scratch", { recursive: true });
  const dir = mkdtempSync(join(".scratch", "mesh-plan-jobs-"));
  workspaces.push(dir);
  for (const entry of ["domains", "platform.yaml", "contracts.lock.json"])
    cpSync(entry, join(dir, entry), { recursive: true });
  mkdirSync(join(dir, "stacks"));
  for (const stack of stacks)
    cpSync(join("stacks", `Pulumi.${stack}.yaml`), join(dir, "stacks", `Pulumi.${stack}.yaml`));
  return dir;
}

/** Adds `code` to the domain file of `stack` (`<domain>-<env>`), run only when it is planned as `stack`. */
export function whenPlannedAs(dir: string, stack: string, code: string): void {
  const file = join(dir, "domains", stack.slice(0, stack.lastIndexOf("-")), "index.ts");
  writeFileSync(
    file,
    // The declaration readers have no stack: only the stack's own plan runs `code`.
    `import * as pulumi from "@pulumi/pulumi";\nif (pulumi.getStack() === "${stack}") ${code};\n${readFileSync(file, "utf8")}`,
  );
}

/** `mesh plan` with `args`, in `root` (else the project), and what it printed. */
export async function plan(args: readonly string[], root?: string) {
  const io = capture();
  const code = await main(["plan", ...args], io, root);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
}
