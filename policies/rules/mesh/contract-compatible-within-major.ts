import type { Contract } from "../../../components/contract/contract.js";
import { diffContracts, formatChange } from "../../../components/contract/diff.js";
import { asArray, isRecord } from "../shared/resource.js";
import type { MeshStackPolicy } from "../types.js";
import { domainDeclarations } from "./domainDeclaration.js";

/**
 * What the owner can do, with whom it concerns: the domains the change would break (they read this
 * major) and the major version that lets them move at their own pace.
 */
function remedy(id: string, version: string, consumers: readonly string[]): string {
  const major = Number(version.split(".")[0]);
  const next = id.replace(/\.v\d+$/, `.v${major + 1}`);
  const side = `${next} then runs side by side with v${major}`;
  return consumers.length > 0
    ? `It would break the consuming domains ${consumers.join(", ")}: bump the major version to ${major + 1}.0.0 (${side} until they move to it), or make the changes compatible.`
    : `No domain consumes it yet: bump the major version to ${major + 1}.0.0 (${side}), or make the changes compatible.`;
}

/** Compliant: a contract differs from the one published for its major (contracts.lock.json) only compatibly. */
const rule: MeshStackPolicy = {
  name: "mesh-contract-compatible-within-major",
  description: "A breaking change to a data product's contract ships as a new major version.",
  group: "mesh",
  severity: "high",
  remediation:
    "Bump the product's major version (it then runs side by side with the old one until consumers move), or make the change compatible.",
  validateStack: (args, report) => {
    for (const d of domainDeclarations(args)) {
      const contracts = d.resource.props.contracts;
      const published = d.resource.props.publishedContracts;
      if (!isRecord(contracts) || !isRecord(published)) continue;
      const consumers = isRecord(d.resource.props.contractConsumers)
        ? d.resource.props.contractConsumers
        : {};
      for (const [id, before] of Object.entries(published)) {
        const after = contracts[id];
        if (!isRecord(after)) continue;
        const breaking = diffContracts(before as Contract, after as Contract).filter(
          (c) => c.class === "breaking",
        );
        if (breaking.length === 0) continue;
        const changes = breaking.map(formatChange).join("; ");
        const { version } = before as Contract;
        report(
          `contracts["${id}"]: breaking changes to version ${version} without a major version bump (now ${(after as Contract).version}): ${changes}. ${remedy(id, version, asArray(consumers[id]).map(String))}`,
          d.resource.urn,
        );
      }
    }
  },
};

export default rule;
