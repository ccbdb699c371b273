import type { Contract } from "../../../components/contract/contract.js";
import { diffContracts } from "../../../components/contract/diff.js";
import { versionBumpProblem } from "../../../components/contract/version.js";
import { isRecord } from "../shared/resource.js";
import type { MeshStackPolicy } from "../types.js";
import { domainDeclarations } from "./domainDeclaration.js";

// Breaking changes are mesh-contract-compatible-within-major's: the two never report one change twice.
/** Compliant: a contract that differs compatibly from the one published for its major (contracts.lock.json) carries a later version. */
const rule: MeshStackPolicy = {
  name: "mesh-contract-version-bumped",
  description: "A compatible change to a data product's contract ships under a new patch or minor version.",
  group: "mesh",
  severity: "medium",
  remediation:
    "Raise the product's version above the published one: a patch (1.2.1) or minor (1.3.0) bump for a compatible change, then `mesh contract publish`.",
  validateStack: (args, report) => {
    for (const d of domainDeclarations(args)) {
      const contracts = d.resource.props.contracts;
      const published = d.resource.props.publishedContracts;
      if (!isRecord(contracts) || !isRecord(published)) continue;
      for (const [id, before] of Object.entries(published)) {
        const after = contracts[id];
        if (!isRecord(after)) continue;
        const changes = diffContracts(before as Contract, after as Contract);
        const problem = versionBumpProblem(before as Contract, after as Contract, changes);
        if (problem) report(`contracts["${id}"]: ${problem}`, d.resource.urn);
      }
    }
  },
};

export default rule;
