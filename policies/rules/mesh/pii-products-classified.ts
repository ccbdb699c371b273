import { PII_CLASSIFICATIONS } from "../governance/classification.js";
import type { MeshStackPolicy } from "../types.js";
import { domainDeclarations } from "./domainDeclaration.js";

/** Compliant: every product the Domain lists in piiProducts is classified confidential or restricted. */
const rule: MeshStackPolicy = {
  name: "mesh-pii-products-classified",
  description: "Data products holding personal data are classified confidential or restricted.",
  group: "mesh",
  severity: "critical",
  remediation: "Set the product's classification to confidential or restricted in its declaration.",
  validateStack: (args, report) => {
    for (const d of domainDeclarations(args)) {
      for (const product of d.piiProducts) {
        const classification = d.productClassifications[product];
        if (!PII_CLASSIFICATIONS.includes(String(classification))) {
          report(
            `productClassifications["${product}"]: ${classification === undefined ? "unset" : `"${classification}"`} for a product with PII; use confidential or restricted.`,
            d.resource.urn,
          );
        }
      }
    }
  },
};

export default rule;
