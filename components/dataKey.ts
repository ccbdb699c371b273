/**
 * The domain's data key, named by its alias so that every permission on it is known at preview.
 *
 * The key's ARN exists only once the key is created, so a policy naming it is unknown at preview and
 * no governance rule can check it before `pulumi up` creates it. The alias name is fixed by
 * configuration (`alias/<prefix>-<env>-<domain>`), and IAM can authorise a key by its aliases:
 * Resource is every key of the account and region, and the `kms:ResourceAliases` condition admits
 * only the key that carries the domain's alias. Alias names are unique per account and region, and
 * only the platform may create or move aliases, so the statement reaches exactly the domain's key.
 * (AWS notes that alias changes take up to five minutes to affect authorisation.)
 */
import type { Statement } from "./perms.js";

/** The alias of a domain's data key, e.g. `alias/acme-mesh-prod-orders` (components/naming.ts). */
export { kmsAliasName as dataKeyAliasName } from "./naming.js";

export interface DataKeyLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The key's alias, `alias/…` (see {@link dataKeyAliasName}). */
  readonly alias: string;
}

const ALIAS = /^alias\/[A-Za-z0-9/_-]+$/;

/**
 * Throws unless `alias` is a plain alias name: a wildcard (`*`, `?`) would widen the condition to
 * other domains' keys, and `alias/aws/…` names AWS managed keys. Called by components' validators.
 */
export function validateDataKeyAlias(field: string, alias: string): void {
  if (!ALIAS.test(alias) || alias.startsWith("alias/aws/")) {
    throw new Error(`\`${field}\` "${alias}" must be a data key alias "alias/<name>", without wildcards`);
  }
}

/** `actions` on the one key that carries `loc.alias`, and no other key. */
export function aliasedKeyStatement(
  sid: string,
  loc: DataKeyLocation,
  actions: readonly string[],
): Statement {
  validateDataKeyAlias("alias", loc.alias);
  return {
    Sid: sid,
    Effect: "Allow",
    Action: actions,
    Resource: `arn:${loc.partition}:kms:${loc.region}:${loc.accountId}:key/*`,
    Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": loc.alias } },
  };
}
