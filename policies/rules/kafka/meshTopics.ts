import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { type ProductRef, parseTopicName } from "../../../components/naming.js";
import { knownString } from "../shared/unknown.js";

export { knownString };

import { TOPIC } from "./tokens.js";

/** The stack's Kafka topics: preview resources carry inputs, state-file resources outputs, both with `name`. */
export const topicsOf = (args: StackValidationArgs): PolicyResource[] =>
  args.resources.filter((r) => (TOPIC as readonly string[]).includes(r.type));

/**
 * The product whose main topic `topic` is (`<domain>.<product>.v<major>`), or undefined for a
 * dead-letter topic or a name outside the convention (kafka-topic-name-convention reports those).
 * Reads the name through the proxy: a name unknown at preview throws, so the caller defers the
 * verdict instead of treating the topic as not part of the mesh.
 */
export function mainTopicProduct(topic: PolicyResource): ProductRef | undefined {
  const name: unknown = topic.props.name;
  if (typeof name !== "string") return undefined;
  const parsed = parseTopicName(name);
  if (!parsed || parsed.deadLetter) return undefined;
  return { domain: parsed.domain, product: parsed.product, major: parsed.major };
}

/** The known names of `topics`; a topic whose name is unknown never stands in for a required one. */
export const knownTopicNames = (topics: readonly PolicyResource[]): Map<string, PolicyResource> =>
  new Map(
    topics.flatMap((t) => {
      const name = knownString(() => t.props.name);
      return name === undefined ? [] : [[name, t] as const];
    }),
  );
