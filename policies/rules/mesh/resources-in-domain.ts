import type { PolicyResource } from "@pulumi/policy";
import type { MeshStackPolicy } from "../types.js";
import { DOMAIN_TYPE } from "./domainDeclaration.js";

// A domain stack runs its domain file inside the Pulumi program, so the file's own code could
// register anything (an IAM attachment, a cluster-admin binding) beside what the platform builds.
// The platform creates everything inside the one Domain component of the stack; whatever is not
// there was not made by the platform. Providers are the program's own and sit beside the Domain.

const STACK_TYPE = "pulumi:pulumi:Stack";
const isProvider = (r: PolicyResource) => r.type.startsWith("pulumi:providers:");
const atRoot = (r: PolicyResource) => r.parent === undefined || r.parent.type === STACK_TYPE;

/** Compliant: the stack has exactly one Domain component, at its root, and every resource but providers descends from it. */
const rule: MeshStackPolicy = {
  name: "mesh-resources-in-domain",
  description:
    "Every resource of a domain stack, providers aside, is created by the platform inside the stack's one Domain component.",
  group: "mesh",
  severity: "critical",
  boundary: true,
  remediation:
    "Declare the domain only (`export default defineDomain({...})`); do not create resources in the domain file. Ask the platform team for what the platform does not create.",
  validateStack: (args, report) => {
    const domains = args.resources.filter((r) => r.type === DOMAIN_TYPE);
    if (domains.length === 0) return args.notApplicable(`the stack has no ${DOMAIN_TYPE} component`);
    const root = domains.filter(atRoot);
    if (domains.length > 1 || root.length !== 1) {
      for (const d of domains) {
        report(
          `${DOMAIN_TYPE} "${d.name}": a domain stack has exactly one Domain component, at its root, created by the platform's program; this one has ${domains.length}${root.length === domains.length ? "" : ", not all at the root"}.`,
          d.urn,
        );
      }
    }
    const domain = root[0];
    for (const r of args.resources) {
      if (r === domain || r.type === STACK_TYPE || isProvider(r)) continue;
      if (domain && descendsFrom(r, domain)) continue;
      report(
        `${r.type} "${r.name}" is not inside the stack's Domain component${domain ? ` "${domain.name}"` : ""}: the platform did not create it (a domain file declares, it creates nothing itself).`,
        r.urn,
      );
    }
  },
};

function descendsFrom(r: PolicyResource, ancestor: PolicyResource): boolean {
  const seen = new Set<PolicyResource>();
  for (let p = r.parent; p && !seen.has(p); p = p.parent) {
    if (p === ancestor) return true;
    seen.add(p);
  }
  return false;
}

export default rule;
