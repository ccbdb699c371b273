/**
 * Test harness: every rule is exercised through the offline engine (evaluatePolicies), so each test
 * also covers the argument building the engine shares with the Pulumi policy server.
 */
import { describe, expect, it } from "vitest";
import { evaluatePolicies, type PlannedResource, type Violation } from "../../policies/engine/index.js";
import { allRules } from "../../policies/rules/all.js";
import type { MeshPolicy } from "../../policies/rules/types.js";

let counter = 0;

/** A planned resource with a URN shaped like Pulumi's. */
export function resource(
  type: string,
  inputs: Record<string, any>,
  extra: Partial<PlannedResource> = {},
): PlannedResource {
  const name = extra.name ?? `res${++counter}`;
  return { urn: `urn:pulumi:test::mesh::${type}::${name}`, type, name, inputs, ...extra };
}

export function ruleNamed(name: string): MeshPolicy {
  const rule = allRules.find((r) => r.name === name);
  if (!rule) throw new Error(`no rule ${name}`);
  return rule;
}

export interface FindingOptions {
  environment?: string;
  config?: Record<string, unknown>;
  level?: "advisory" | "mandatory" | "remediate";
}

/** Findings of one rule evaluated alone, at `mandatory` unless told otherwise. */
export function findings(
  rule: string,
  resources: PlannedResource[],
  options: FindingOptions = {},
): Promise<Violation[]> {
  return evaluatePolicies(
    resources,
    {
      environment: options.environment ?? "prod",
      levels: { [rule]: options.level ?? "mandatory" },
      ...(options.config ? { config: { [rule]: options.config } } : {}),
    },
    [ruleNamed(rule)],
  );
}

export interface Scenario {
  name: string;
  resources: () => PlannedResource[];
  environment?: string;
  config?: Record<string, unknown>;
}

export interface ViolatingScenario extends Scenario {
  /** Every finding's message must match: it names the field at fault. */
  message: RegExp;
  /** Resource the finding must be attached to; defaults to the first resource. */
  urnOf?: (resources: PlannedResource[]) => string;
}

export interface RuleCases {
  rule: string;
  violating: ViolatingScenario[];
  compliant: Scenario[];
}

/** One describe per rule, named `<rule>: <compliant condition>`, with a test per scenario. */
export function runCases(cases: readonly RuleCases[]): void {
  for (const c of cases) {
    describe(`${c.rule}: ${ruleNamed(c.rule).description}`, () => {
      for (const s of c.violating) {
        it(`flags ${s.name}`, async () => {
          const resources = s.resources();
          const found = await findings(c.rule, resources, s);
          expect(found.length, JSON.stringify(found)).toBeGreaterThan(0);
          for (const v of found) {
            expect(v).toMatchObject({ policy: c.rule, level: "mandatory" });
            expect(v.message).toMatch(s.message);
          }
          expect(found.map((v) => v.urn)).toContain((s.urnOf ?? ((rs) => rs[0]!.urn))(resources));
        });
      }
      for (const s of c.compliant) {
        it(`accepts ${s.name}`, async () => {
          expect(await findings(c.rule, s.resources(), s)).toEqual([]);
        });
      }
    });
  }
}
