/** `mesh plan`: plans stacks offline under the mock runtime and evaluates the policy pack on them. */
import { join } from "node:path";
import { DeclarationError } from "../../components/declaration/errors.js";
import { evaluatePolicies } from "../../policies/engine/evaluate.js";
import { domainFiles, meshOf } from "../../program/loadMesh.js";
import { deployMeshNode } from "../../program/node.js";
import { readPlatformFile } from "../../program/platformFile.js";
import { folderProblems, readDomains } from "../../program/readDomains.js";
import { EXIT, isInputError, UsageError } from "../errors.js";
import { type Output, plural, writeFileAtomic } from "../io.js";
import { planLineage } from "../plan/lineageJson.js";
import { planStack } from "../plan/planStack.js";
import { type StackPreview, toPreview } from "../plan/previewJson.js";
import { countByPackage, renderTree } from "../plan/render.js";
import { readStackFile, stackFilePaths } from "../plan/stackFile.js";
import { printViolations } from "../plan/violations.js";

export interface PlanOptions {
  readonly root: string;
  readonly stack?: string;
  /** Where to write the JSON plan; `-`: stdout, and then the report goes to stderr. */
  readonly json?: string;
  /** Print only totals and violations, not each resource. */
  readonly quiet?: boolean;
}

export async function planCommand(options: PlanOptions, output: Output): Promise<number> {
  // With the JSON on stdout, everything for people goes to stderr, so stdout stays one document.
  const io: Output = options.json === "-" ? { out: output.err, err: output.err } : output;
  const paths = stackFilePaths(join(options.root, "stacks"));
  const stacks = paths.map(readStackFile);
  const selected = options.stack ? stacks.filter((s) => s.name === options.stack) : stacks;
  if (options.stack && selected.length === 0) {
    throw new UsageError(
      `unknown stack "${options.stack}" (known: ${stacks.map((s) => s.name).join(", ") || "none"})`,
    );
  }
  if (selected.length === 0) throw new UsageError(`no stack files in ${join(options.root, "stacks")}`);
  // The platform's settings, read once and first: before any domain file's code runs (in the
  // readers below or in a stack's plan), so none can change what the stacks deploy with. A
  // malformed platform.yaml fails every stack alike: reported once, up front.
  const platform = readPlatformFile(options.root);
  // One bad declaration would fail every stack alike: report it once, up front. Declarations are
  // read as data (in child processes): a domain file's code runs only inside its own stack's plan,
  // imported afresh there, so each plan registers exactly what `pulumi preview` of that stack would.
  const domainsDir = join(options.root, "domains");
  const files = domainFiles(domainsDir);
  const definitions = await readDomains(files);
  const misplaced = folderProblems(files, definitions);
  if (misplaced.length > 0) throw new DeclarationError(misplaced);
  const mesh = await meshOf(definitions, {}, domainsDir);

  let exitCode: number = EXIT.ok;
  const previews: StackPreview[] = [];
  const errors: { stack: string; message: string }[] = [];
  let total = 0;
  for (const stack of selected) {
    let plan: Awaited<ReturnType<typeof planStack>>;
    try {
      plan = await planStack(stack, async () => ({ ...(await deployMeshNode(domainsDir, platform)) }));
    } catch (e) {
      if (!isInputError(e)) throw e;
      io.err(`${stack.name}: ${e.message}`);
      errors.push({ stack: stack.name, message: e.message });
      exitCode = EXIT.input;
      continue;
    }
    // From the stack name: the configuration cannot lower what the pack enforces.
    const environment = stack.environment;
    const violations = await evaluatePolicies([...plan.resources], {
      environment,
      stackTags: { "mesh:environment": environment },
    });
    previews.push(toPreview(plan, violations));
    total += plan.resources.length;

    io.out(`Stack ${stack.name} (${environment}): ${plural(plan.resources.length, "resource")} to create`);
    if (!options.quiet) io.out(renderTree(plan));
    const protectedCount = plan.resources.filter((r) => r.protect).length;
    const counts = countByPackage(plan.resources).map(([pkg, n]) => `${n} ${pkg}`);
    io.out(
      `  totals: ${plural(plan.resources.length, "resource")} (${counts.join(", ")}); ${protectedCount} protected`,
    );
    for (const note of plan.notes) io.out(`  note: ${note}`);
    printViolations(violations, io);
    if (violations.some((v) => v.level === "mandatory") && exitCode === EXIT.ok) exitCode = EXIT.policy;
    io.out();
  }
  const mandatory = previews.flatMap((p) => p.policyViolations).filter((v) => v.level === "mandatory").length;
  const planned = `${plural(total, "resource")}; ${plural(mandatory, "mandatory policy violation")}`;
  io.out(
    errors.length === 0
      ? `Planned ${previews.length} of ${plural(selected.length, "stack")}, ${planned}.`
      : // Not "0 mandatory policy violations" as if all were well: a stack not planned was not checked.
        `Planned ${previews.length} of ${plural(selected.length, "stack")}: ${plural(errors.length, "stack")} ${
          errors.length === 1 ? "has" : "have"
        } a configuration error (above)${previews.length > 0 ? `; the ${previews.length} planned: ${planned}` : ""}.`,
  );
  if (options.json) {
    const plan = { stacks: previews, lineage: planLineage(mesh), ...(errors.length > 0 ? { errors } : {}) };
    const json = `${JSON.stringify(plan, null, 2)}\n`;
    if (options.json === "-") output.out(json.trimEnd());
    else {
      writeFileAtomic(options.json, json);
      io.out(`Wrote ${options.json}`);
    }
  }
  return exitCode;
}
