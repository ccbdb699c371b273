/**
 * IAM resource patterns (`arn:aws:s3:::warehouse/orders/*`) judged against concrete targets: by
 * what they match, not by how they are written, so `orders/ord*`, `*` or `arn:*:glue:*:*:table/*`
 * are each judged by what they cover.
 */
import {
  EVERY_KEY,
  type KeyRange,
  type Target,
  type TargetGroup,
  targetGroup,
  targetKey,
} from "./targets.js";

/** Case-sensitive IAM/ARN glob: `*` any run of characters, `?` one. */
export function globMatches(pattern: string, value: string): boolean {
  return globAfter(pattern, value).has(pattern.length);
}

/** Whether `pattern` matches some string that starts with `prefix`. */
export function globMatchesSomeWithPrefix(pattern: string, prefix: string): boolean {
  return globAfter(pattern, prefix).size > 0;
}

/** Positions in `pattern` reachable after reading `text` (a glob as a small NFA). */
function globAfter(pattern: string, text: string): Set<number> {
  const closure = (states: Set<number>) => {
    for (const i of states) if (pattern[i] === "*") states.add(i + 1); // a Set iterates additions too
    return states;
  };
  let states = closure(new Set([0]));
  for (const ch of text) {
    const next = new Set<number>();
    for (const i of states) {
      if (pattern[i] === "*") next.add(i);
      else if (pattern[i] === "?" || pattern[i] === ch) next.add(i + 1);
    }
    states = closure(next);
    if (states.size === 0) break;
  }
  return states;
}

/**
 * The ARN a pattern is read against, up to the target's key. Partition, region, account, bucket
 * and cluster are taken from the pattern itself: whichever they are, the key, table or topic
 * decides.
 */
function arnBefore(pattern: string, group: TargetGroup): string {
  const f = pattern.split(":");
  const full = f.length >= 6 && f[0] === "arn";
  const [partition, region, account] = full ? [f[1], f[3], f[4]] : ["aws", "eu-west-1", "111111111111"];
  const resource = full ? f.slice(5).join(":") : "";
  switch (group) {
    case "bucketObject":
      return `arn:${partition}:s3:::`;
    case "anyBucketObject":
      return `arn:${partition}:s3:::${full && resource !== "" ? resource.split("/")[0] : "bucket"}/`;
    case "table":
      return `arn:${partition}:glue:${region}:${account}:table/`;
    case "topic": {
      const [, cluster = "cluster", uuid = "uuid"] = resource.split("/");
      return `arn:${partition}:kafka:${region}:${account}:topic/${cluster}/${uuid}/`;
    }
  }
}

/** Whether an IAM resource pattern covers `target` (for objects: any object under its prefix). */
export function arnCovers(pattern: string, target: Target): boolean {
  const arn = arnBefore(pattern, targetGroup(target)) + targetKey(target);
  return target.kind === "object" ? globMatchesSomeWithPrefix(pattern, arn) : globMatches(pattern, arn);
}

/**
 * The keys of a group a pattern can cover, from its literal start (up to its first wildcard): an
 * ARN that matches must begin with it. `undefined` when it can cover none.
 */
export function arnReach(pattern: string, group: TargetGroup): KeyRange | undefined {
  const before = arnBefore(pattern, group);
  const wildcard = pattern.search(/[*?]/);
  const literal = wildcard === -1 ? pattern : pattern.slice(0, wildcard);
  if (literal.length <= before.length) return before.startsWith(literal) ? EVERY_KEY : undefined;
  if (!literal.startsWith(before)) return undefined;
  const objects = group === "bucketObject" || group === "anyBucketObject";
  return { prefix: literal.slice(before.length), ancestors: objects };
}
