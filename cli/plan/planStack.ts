/**
 * Plans one stack offline: runs the real program under Pulumi's mock runtime (no CLI, no cloud, no
 * credentials) and records every resource it registers, with its inputs and resource options.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "../../policies/engine/types.js";
import { deployMeshNode } from "../../program/node.js";
import { REQUIRED_SECRETS } from "../../program/stackConfig.js";
import {
  lightenPromiseBookkeeping,
  registeredComponentOutputs,
  skipResourceCallStacks,
  waitForRPCs,
} from "../../sdk/runtime.js";
import type { StackFile } from "./stackFile.js";
import { plainValue } from "./values.js";

export const PROJECT = "data-mesh";

export interface StackPlan {
  readonly stack: string;
  readonly project: string;
  readonly resources: readonly PlannedResource[];
  readonly outputs: Record<string, unknown>;
  /** Things the plan could not know offline, said plainly (e.g. secrets not yet set). */
  readonly notes: readonly string[];
}

/** A program under test: by default the stack's real program. */
export type Program = () => Promise<Record<string, unknown>>;

/**
 * The URNs the Pulumi engine gives: the type part is the chain of every ancestor's type below the
 * stack (`Domain$DataProduct$TransformJob$aws:iam/role:Role`). The mock monitor keeps only the
 * parent's last type and prefixes the stack's own, so plans rebuild them.
 */
class EngineUrns {
  private readonly qualifiedTypes = new Map<pulumi.Resource, string>();
  constructor(
    private readonly stack: string,
    private readonly root: pulumi.Resource | undefined,
  ) {}

  /** Registers a resource; its parent must have been registered first (parents are constructed first). */
  add(resource: pulumi.Resource, type: string, parent: pulumi.Resource | undefined): void {
    const parentType = parent && parent !== this.root ? this.qualifiedTypes.get(parent) : undefined;
    this.qualifiedTypes.set(resource, parentType ? `${parentType}$${type}` : type);
  }

  urnOf(resource: pulumi.Resource, name: string): string {
    if (resource === this.root)
      return `urn:pulumi:${this.stack}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${this.stack}`;
    return `urn:pulumi:${this.stack}::${PROJECT}::${this.qualifiedTypes.get(resource)}::${name}`;
  }
}

const resolve = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((r) => o.apply((v) => r(v)));

interface Captured {
  readonly resource: pulumi.Resource;
  readonly type: string;
  readonly name: string;
  readonly opts: pulumi.CustomResourceOptions;
}

export async function planStack(stack: StackFile, program: Program = defaultProgram): Promise<StackPlan> {
  // The SDK captures `new Error().stack` for every promise it makes, only to report leaked
  // promises, and the whole call stack of every resource, as its source position; capturing and
  // source-mapping those stacks was most of plan time (sdk/runtime.ts turns both off). A plan
  // needs none of them (defineDomain captures its own call site). MESH_DEBUG=1 keeps them for
  // debugging.
  if (process.env.MESH_DEBUG) return planWithMocks(stack, program);
  const sourceMaps = sourceMapsEnabled();
  const stackTraceLimit = Error.stackTraceLimit;
  process.setSourceMapsEnabled(false);
  Error.stackTraceLimit = 0;
  const restoreCallStacks = skipResourceCallStacks();
  const restorePromiseBookkeeping = lightenPromiseBookkeeping();
  try {
    return await planWithMocks(stack, program);
  } finally {
    restorePromiseBookkeeping();
    restoreCallStacks();
    Error.stackTraceLimit = stackTraceLimit;
    process.setSourceMapsEnabled(sourceMaps);
  }
}

export const sourceMapsEnabled = (): boolean =>
  (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled ?? false;

async function planWithMocks(stack: StackFile, program: Program): Promise<StackPlan> {
  const notes: string[] = [];
  const config = { ...stack.config };
  const secretKeys = [...stack.secretKeys];
  for (const key of REQUIRED_SECRETS) {
    if (!(key in config)) {
      notes.push(
        `${key} is not set; before \`pulumi up\` run: pulumi config set --secret ${key} <value> -s ${stack.name}`,
      );
      config[key] = "[secret]";
      secretKeys.push(key);
    }
  }

  const inputsByKey = new Map<string, Record<string, any>[]>();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const key = `${args.type}::${args.name}`;
        inputsByKey.set(key, [...(inputsByKey.get(key) ?? []), args.inputs]);
        // As the AWS provider does, an IAM role's id is its name: rules link role policies by it.
        const id =
          args.type === "aws:iam/role:Role" && args.inputs.name ? args.inputs.name : `${args.name}-id`;
        return { id: args.custom === false ? undefined : id, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    PROJECT,
    stack.name,
    true,
  );
  pulumi.runtime.setAllConfig(config, secretKeys);

  const captured: Captured[] = [];
  let stackOutputs: Record<string, unknown> = {};
  // A program error is kept and rethrown after the stack settles: thrown inside the stack's
  // constructor it would also surface as unhandled rejections of the stack's own outputs.
  let failure: { error: unknown } | undefined;
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      captured.push({ resource: args.resource, type: args.type, name: args.name, opts: args.opts });
      return undefined;
    });
    try {
      stackOutputs = await program();
    } catch (error) {
      failure = { error };
    }
    return stackOutputs;
  });
  await waitForRPCs();
  if (failure) throw failure.error;

  const root = pulumi.runtime.getStackResource();
  const componentOutputs = registeredComponentOutputs();
  const urns = new EngineUrns(stack.name, root);
  const names = new Map<pulumi.Resource, string>(captured.map((c) => [c.resource, c.name]));
  for (const c of captured) urns.add(c.resource, c.type, c.opts.parent ?? root);
  const urnOf = (r: pulumi.Resource) => urns.urnOf(r, names.get(r) ?? "");
  const resources: PlannedResource[] = [];
  for (const c of captured) {
    const queue = inputsByKey.get(`${c.type}::${c.name}`) ?? [];
    const inputs = queue.shift() ?? {};
    // A component's properties are what it registered as outputs, as CrossGuard sees them.
    const props = componentOutputs.get(await resolve(c.resource.urn)) ?? inputs;
    const parent = c.opts.parent ?? root;
    const provider = c.opts.provider as pulumi.ProviderResource | undefined;
    resources.push({
      urn: urnOf(c.resource),
      type: c.type,
      name: c.name,
      // As the engine hands them to CrossGuard: unknowns as Pulumi's sentinel, secrets hidden.
      inputs: plainValue(props) as Record<string, any>,
      parentUrn: parent ? urnOf(parent) : undefined,
      protect: c.opts.protect === true,
      retainOnDelete: c.opts.retainOnDelete === true,
      custom: pulumi.CustomResource.isInstance(c.resource),
      provider: provider ? urnOf(provider) : undefined,
    });
  }
  const outputs = (await resolve(pulumi.output(stackOutputs))) as Record<string, unknown>;
  return { stack: stack.name, project: PROJECT, resources, outputs, notes };
}

async function defaultProgram(): Promise<Record<string, unknown>> {
  return { ...(await deployMeshNode()) };
}
