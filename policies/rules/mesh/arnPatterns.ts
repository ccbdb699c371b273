/**
 * IAM resource patterns (`arn:aws:s3:::warehouse/orders/*`) judged against concrete targets: by
 * what they match, not by how they are written, so `orders/ord*`, `*` or `arn:*:glue:*:*:table/*`
 * are each judged by what they cover.
 */
import { globAfter, type Piece, SOME_NAME } from "../shared/glob.js";
import { EVERY_KEY, type KeyRange, type Target, type TargetGroup } from "./targets.js";

export { globMatches, globMatchesSomeWithPrefix } from "../shared/glob.js";

/** The ARN of `target`, with `name` for each part the target does not fix. */
function targetArn(target: Target, name: Piece): Piece[] {
  switch (target.kind) {
    case "object":
      return ["arn:", name, ":s3:::", target.bucket ?? name, `/${target.prefix}`];
    case "table":
      return ["arn:", name, ":glue:", name, ":", name, `:table/${target.database}/${target.table}`];
    case "topic":
      return ["arn:", name, ":kafka:", name, ":", name, ":topic/", name, "/", name, `/${target.name}`];
  }
}

/**
 * Names no pattern spells, one shorter and one longer than any real name: a pattern that matches
 * both matches every name through its wildcards.
 */
const NO_NAMES = ["\u0000", "\u0000".repeat(256)];

/**
 * Whether an IAM resource pattern covers `target` (for objects: some object under its prefix).
 * The stack's partition, region, account, bucket and cluster are unknown here, so a grant covers
 * the target if its pattern does for some of them: whichever it names.
 */
export function arnCovers(pattern: string, target: Target): boolean {
  const after = globAfter(pattern, targetArn(target, SOME_NAME));
  return target.kind === "object" ? after.size > 0 : after.has(pattern.length);
}

/**
 * Whether `pattern` covers all of `target` (for objects: every object under its prefix), whatever
 * the partition, region, account, bucket and cluster: an exception (`NotResource`) leaves the
 * target out only then.
 */
export function arnCoversAll(pattern: string, target: Target): boolean {
  return NO_NAMES.every((name) => {
    const after = globAfter(pattern, targetArn(target, name));
    if (target.kind !== "object") return after.has(pattern.length);
    // Every key under the prefix: the pattern's last `*` must be reached, with nothing after it.
    return pattern.endsWith("*") && after.has(pattern.length - 1);
  });
}

/**
 * A pattern whose ARN up to the target's key is spelt out, names and all, without a wildcard (as
 * the platform's grants are): its key part is what follows. The key is keyed as in targets.ts.
 */
const SPELT_OUT: Record<TargetGroup, RegExp> = {
  bucketObject: /^arn:[\w.-]*:s3:::(.*)$/s,
  anyBucketObject: /^arn:[\w.-]*:s3:::[\w.-]*\/(.*)$/s,
  table: /^arn:[\w.-]*:glue:[\w.-]*:[\w.-]*:table\/(.*)$/s,
  topic: /^arn:[\w.-]*:kafka:[\w.-]*:[\w.-]*:topic\/[\w.-]*\/[\w.-]*\/(.*)$/s,
};

const SERVICE: Record<TargetGroup, string> = {
  bucketObject: "s3",
  anyBucketObject: "s3",
  table: "glue",
  topic: "kafka",
};

/**
 * The keys of a group a pattern can cover: those that begin with the literal start of its key part
 * (up to its first wildcard), when the ARN before the key is spelt out. A wildcard before the key
 * may stand for any part of the ARN, the key included, so such a pattern reaches every key; a
 * pattern with no wildcard that is not such an ARN reaches none. A necessary condition only:
 * {@link arnCovers} decides.
 */
export function arnReach(pattern: string, group: TargetGroup): KeyRange | undefined {
  const key = SPELT_OUT[group].exec(pattern)?.[1];
  if (key === undefined) {
    // A service spelt out before any wildcard must be the target's.
    const service = /^arn:[\w.-]*:([\w.-]*):/.exec(pattern.split(/[*?]/)[0] ?? "")?.[1];
    if (service !== undefined && service !== SERVICE[group]) return undefined;
    return /[*?]/.test(pattern) ? EVERY_KEY : undefined;
  }
  const wildcard = key.search(/[*?]/);
  const objects = group === "bucketObject" || group === "anyBucketObject";
  return { prefix: wildcard === -1 ? key : key.slice(0, wildcard), ancestors: objects };
}
