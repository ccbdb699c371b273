/** The one kind of Kafka ACL the platform grants: ALLOW, on one named topic or group (LITERAL). */
import * as kafka from "@pulumi/kafka";
import type * as pulumi from "@pulumi/pulumi";

export interface LiteralAcl {
  readonly resourceType: "Topic" | "Group";
  readonly resourceName: pulumi.Input<string>;
  readonly principal: string;
  readonly operation: "Read" | "Write" | "Describe";
}

/** An ALLOW ACL on exactly one resource, from any host; never a prefix or wildcard pattern. */
export function literalAcl(name: string, acl: LiteralAcl, parent: pulumi.Resource): kafka.Acl {
  return new kafka.Acl(
    name,
    {
      aclResourceType: acl.resourceType,
      aclResourceName: acl.resourceName,
      resourcePatternTypeFilter: "Literal",
      aclPrincipal: acl.principal,
      aclHost: "*",
      aclOperation: acl.operation,
      aclPermissionType: "Allow",
    },
    { parent },
  );
}
