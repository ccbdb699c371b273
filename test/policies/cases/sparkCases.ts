/** Scenario helpers shared by the Spark rule cases: one application mutation tried on every Spark kind. */
import type { Scenario, ViolatingScenario } from "../harness.js";
import { inEverySparkKind } from "../sparkFixtures.js";

export const violates = (name: string, message: RegExp, mutate: (app: Record<string, any>) => void) =>
  inEverySparkKind(name, mutate).map((s): ViolatingScenario => ({ ...s, message }));
export const complies = (name: string, mutate: (app: Record<string, any>) => void = () => {}): Scenario[] =>
  inEverySparkKind(name, mutate);
/** The SparkApplicationSpec's path: `spec` or `spec.template`. */
const APP = String.raw`^spec(\.template)?`;
/** A message pattern anchored at a field of the application spec. */
export const at = (path: string, rest = "") => new RegExp(`${APP}\\.${path}${rest}`);
