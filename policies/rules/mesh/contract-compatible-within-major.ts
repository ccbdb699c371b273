import type { Contract } from "../../../components/contract/contract.js";
import { diffContracts } from "../../../components/contract/diff.js";
import { isRecord } from "../shared/resource.js";
import type { MeshStackPolicy } from "../types.js";
import { domainDeclarations } from "./domainDeclaration.js";

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
      for (const [id, before] of Object.entries(published)) {
        const after = contracts[id];
        if (!isRecord(after)) continue;
        const breaking = diffContracts(before as Contract, after as Contract).filter(
          (c) => c.class === "breaking",
        );
        if (breaking.length === 0) continue;
        const changes = breaking.map((c) => `${c.path}: ${c.description}`).join("; ");
        report(
          `contracts["${id}"]: breaking changes to version ${(before as Contract).version} without a major version bump (now ${(after as Contract).version}): ${changes}.`,
          d.resource.urn,
        );
      }
    }
  },
};

export default rule;
