/**
 * `npm run bench`: plans synthetic meshes of 10, 100 and 1,000 data products and compares each
 * with the floor — registering the very same resources flat with the SDK, under the same mocks,
 * in the same run. Prints ms per resource, peak RSS and the ratio (target ≤ 1.2×, linear growth),
 * against the floor with the components' registered outputs and (as before) without them, and
 * against the floor that registers each resource with the SDK class the components used (what the
 * platform's components add over a flat program written with the same provider SDKs).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { PLANNER_V8_FLAGS } from "../cli/plan/plannerHeap.js";
import type { StackPlan } from "../cli/plan/planStack.js";
import type { StackFile } from "../cli/plan/stackFile.js";
import { compiledCheckout } from "../scripts/compiledCheckout.mjs";
import { deferClosureSerialization } from "../sdk/deferClosure.js";
import { syntheticDefinitions } from "./syntheticMesh.js";

// A plan worker's V8 flags (its heap's growth, which the peak RSS below depends on): the bench runs
// again with them when started without, as `npm run bench` starts it.
if (!PLANNER_V8_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  const again = spawnSync(
    process.execPath,
    [...PLANNER_V8_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url)],
    { stdio: "inherit" },
  );
  process.exit(again.status ?? 1);
}

// What a plan worker runs (cli/plan/planWorker.ts): the SDK without its closure serializer, and
// the platform compiled, as `mesh plan` runs it from the package or from a checkout whose compiled
// copy is current (the sources through tsx otherwise: esbuild's keepNames there wraps every
// function tsx compiles, which a user never runs). The bench says which.
deferClosureSerialization();
const root = fileURLToPath(new URL("..", import.meta.url));
const compiled = compiledCheckout(root);
const platformModule = <T>(source: string): Promise<T> =>
  import(compiled ? `${compiled}/${source.replace(/\.ts$/, ".js")}` : `../${source}`) as Promise<T>;
const pulumi = await import("@pulumi/pulumi");
const { planStack } =
  await platformModule<typeof import("../cli/plan/planStack.js")>("cli/plan/planStack.ts");
const { readStackFile } =
  await platformModule<typeof import("../cli/plan/stackFile.js")>("cli/plan/stackFile.ts");
const { Domain } = await platformModule<typeof import("../components/Domain.js")>("components/Domain.ts");
const { validateMesh } = await platformModule<typeof import("../components/declaration/mesh.js")>(
  "components/declaration/mesh.ts",
);
const { evaluatePolicies } = await platformModule<typeof import("../policies/engine/evaluate.js")>(
  "policies/engine/evaluate.ts",
);
const { platformSettingsFor } =
  await platformModule<typeof import("../program/platformFile.js")>("program/platformFile.ts");
process.stdout.write(
  `Planning core ${compiled ? "compiled (dist/, current)" : "from the sources, through tsx"}, in one process:\n`,
);

const template = readStackFile(new URL("../stacks/Pulumi.orders-dev.yaml", import.meta.url).pathname);
const platform = platformSettingsFor(new URL("..", import.meta.url).pathname, "dev");

const stackFor = (domain: string): StackFile => ({
  ...template,
  name: `${domain}-dev`,
  domain,
  config: { ...template.config, "mesh:domain": domain },
});

/** A resource's constructor, as the platform's components called it, keyed by type and name. */
type ResourceClass = new (name: string, args: Record<string, unknown>) => unknown;
const classes = new Map<string, ResourceClass>();
const classKey = (type: string, name: string) => `${type}::${name}`;

/** Plans every domain of a synthetic mesh, one stack each, as `mesh plan` does. */
async function planMesh(products: number): Promise<StackPlan[]> {
  const mesh = validateMesh(syntheticDefinitions(products), {
    namePrefix: platform.namePrefix,
    environments: ["dev"],
  });
  const plans: StackPlan[] = [];
  for (const declaration of mesh.domains) {
    plans.push(
      await planStack(stackFor(declaration.name), async () => {
        // Notes each resource's class for the typed floor (one map lookup per resource; a
        // transformation runs as a resource is constructed, so it sees its class).
        pulumi.runtime.registerStackTransformation(({ type, name, resource }) => {
          classes.set(classKey(type, name), resource.constructor as ResourceClass);
          return undefined;
        });
        const node = new Domain(declaration.name, { declaration, mesh, environment: "dev", platform });
        return { outputPorts: node.outputPorts };
      }),
    );
  }
  return plans;
}

/** A custom resource with no typed SDK class around it. */
class RawResource extends pulumi.CustomResource {}

/** A component with no class around it, registering the outputs it is given. */
class RawComponent extends pulumi.ComponentResource {
  constructor(type: string, name: string, outputs: Record<string, unknown> | undefined) {
    super(type, name, {});
    if (outputs) this.registerOutputs(outputs);
  }
}

/** How the floor registers a custom resource. */
type Registration = "untyped" | "typed";

/**
 * The floor: the same resources (custom and component) with the same inputs, registered flat.
 * Custom resources are registered `untyped` (a CustomResource given the plan's inputs, nothing
 * more) or `typed` (with the SDK class the components used, `aws.s3.Bucket`…, as a hand-written
 * flat program would: such a class also declares every output property, an Output the SDK
 * creates and resolves for each, so the untyped floor is one no program using the providers'
 * SDKs reaches). With `componentOutputs`, each component also registers the outputs it registered
 * in the plan (what CrossGuard sees as its properties, and what a stack's state holds): the
 * Domain's access lists of the whole mesh are state the SDK must carry, whoever computes them.
 * Without, the floor of the earlier bench, which left that registration out.
 */
async function planFlat(
  plans: readonly StackPlan[],
  registration: Registration,
  componentOutputs: boolean,
): Promise<void> {
  for (const plan of plans) {
    await planStack(stackFor(plan.stack.replace(/-dev$/, "")), async () => {
      for (const r of plan.resources) {
        if (r.type.startsWith("pulumi:")) continue; // providers: the program makes its own
        if (!r.custom) new RawComponent(r.type, r.name, componentOutputs ? r.inputs : undefined);
        else if (registration === "untyped") new RawResource(r.type, r.name, r.inputs);
        else {
          const resourceClass = classes.get(classKey(r.type, r.name));
          if (!resourceClass) throw new Error(`no class noted for ${r.type} ${r.name}`);
          new resourceClass(r.name, r.inputs);
        }
      }
      return {};
    });
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

/** Evaluates the policy pack on every planned stack, as `mesh plan` does after planning. */
async function evaluateMesh(plans: readonly StackPlan[]): Promise<number> {
  let violations = 0;
  for (const plan of plans) {
    violations += (await evaluatePolicies([...plan.resources], { environment: "dev" })).length;
  }
  return violations;
}

const rows: string[][] = [
  [
    "products",
    "resources",
    "mesh ms",
    "flat ms",
    "mesh ms/res",
    "flat ms/res",
    "ratio",
    "ratio w/o outputs",
    "typed flat ms",
    "ratio to typed",
    "policy ms/res",
    "policy share",
    "peak RSS MiB",
  ],
];
/** One round at a size: each phase timed once, in this order, back to back. */
interface Round {
  readonly meshMs: number;
  readonly flatMs: number;
  readonly inputsOnlyMs: number;
  readonly typedMs: number;
  readonly policyMs: number;
}

async function round(products: number): Promise<Round & { resources: number }> {
  const [plans, meshMs] = await timed(() => planMesh(products));
  const [, flatMs] = await timed(() => planFlat(plans, "untyped", true));
  const [, inputsOnlyMs] = await timed(() => planFlat(plans, "untyped", false));
  const [, typedMs] = await timed(() => planFlat(plans, "typed", true));
  const [, policyMs] = await timed(() => evaluateMesh(plans));
  const resources = plans.reduce((n, p) => n + p.resources.length, 0);
  return { meshMs, flatMs, inputsOnlyMs, typedMs, policyMs, resources };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

// Rounds per size: on a shared machine one measurement moves by ±20 %, so the smaller sizes take
// the median of five and three rounds, each ratio taken within its round (from phases run back to
// back); 1,000 products run once (a round takes minutes).
const ROUNDS: Readonly<Record<number, number>> = { 10: 5, 100: 3, 1000: 1 };

// Warm-up of both phases: module loading and JIT are not what is measured (the 10-product row
// measured mostly the policy rules' first compilation without the second).
await evaluateMesh(await planMesh(10));
for (const products of [10, 100, 1000]) {
  const rounds: Round[] = [];
  let resources = 0;
  for (let i = 0; i < ROUNDS[products]!; i++) {
    const measured = await round(products);
    rounds.push(measured);
    resources = measured.resources;
  }
  const of = (f: (r: Round) => number) => median(rounds.map(f));
  const meshMs = of((r) => r.meshMs);
  const flatMs = of((r) => r.flatMs);
  const rss = process.resourceUsage().maxRSS / 1024;
  rows.push([
    String(products),
    String(resources),
    meshMs.toFixed(0),
    flatMs.toFixed(0),
    (meshMs / resources).toFixed(3),
    (flatMs / resources).toFixed(3),
    `${of((r) => r.meshMs / r.flatMs).toFixed(2)}x`,
    `${of((r) => r.meshMs / r.inputsOnlyMs).toFixed(2)}x`,
    of((r) => r.typedMs).toFixed(0),
    `${of((r) => r.meshMs / r.typedMs).toFixed(2)}x`,
    (of((r) => r.policyMs) / resources).toFixed(3),
    // Share of a whole `mesh plan` (planning plus policy evaluation).
    `${of((r) => (100 * r.policyMs) / (r.meshMs + r.policyMs)).toFixed(1)}%`,
    rss.toFixed(0),
  ]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const row of rows) process.stdout.write(`${row.map((c, i) => c.padStart(widths[i]!)).join("  ")}\n`);
