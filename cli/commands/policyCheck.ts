/**
 * `mesh policy check --state FILE`: governance for stacks that are already deployed. Evaluates the
 * same policy pack against a `pulumi stack export` file, which CrossGuard itself cannot do.
 */

import { ENVIRONMENTS, parseStackName } from "../../components/naming.js";
import { evaluatePolicies } from "../../policies/engine/evaluate.js";
import { readStateFile } from "../../policies/engine/stateFile.js";
import type { PlannedResource } from "../../policies/engine/types.js";
import { EXIT, UsageError } from "../errors.js";
import { type Output, plural } from "../io.js";
import { printViolations, splitFindings } from "../plan/violations.js";

export interface PolicyCheckOptions {
  readonly state: string;
  readonly environment?: string;
  readonly json?: boolean;
}

/**
 * The environment a deployed stack was made for: the one its name (`urn:pulumi:<domain>-<env>::…`)
 * says, as for `pulumi up`; else read from its mesh node's outputs or its tags.
 */
export function detectEnvironment(resources: readonly PlannedResource[]): string | undefined {
  const stack = /^urn:pulumi:([^:]+)::/.exec(resources[0]?.urn ?? "")?.[1];
  const fromName = stack ? parseStackName(stack)?.environment : undefined;
  if (fromName) return fromName;
  const node = resources.find((r) => r.type === "mesh:index:Domain");
  const fromNode = node?.outputs?.environment ?? node?.inputs?.environment;
  if (typeof fromNode === "string") return fromNode;
  for (const r of resources) {
    const tag = r.inputs?.tags?.["mesh:environment"];
    if (typeof tag === "string") return tag;
  }
  return undefined;
}

export async function policyCheckCommand(options: PolicyCheckOptions, io: Output): Promise<number> {
  if (
    options.environment !== undefined &&
    !(ENVIRONMENTS as readonly string[]).includes(options.environment)
  ) {
    throw new UsageError(
      `--environment must be one of ${ENVIRONMENTS.join(", ")}, got "${options.environment}"`,
    );
  }
  const resources = await readStateFile(options.state);
  const detected = detectEnvironment(resources);
  // Undetectable: judge as production, the strictest reading of what is deployed.
  const environment = options.environment ?? detected ?? "prod";
  const violations = await evaluatePolicies(resources, {
    environment,
    stackTags: { "mesh:environment": environment },
  });
  if (options.json) {
    const { violations: verdicts, notes } = splitFindings(violations);
    io.out(JSON.stringify({ environment, violations: verdicts, notes }, null, 2));
  } else {
    const how = options.environment ? "given" : detected ? "detected" : "not detected; pass --environment";
    io.out(`${options.state}: ${plural(resources.length, "resource")}, environment ${environment} (${how})`);
    printViolations(violations, io);
  }
  return violations.some((v) => v.level === "mandatory") ? EXIT.policy : EXIT.ok;
}
