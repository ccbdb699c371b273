import { TAG_KEYS } from "../../../components/naming.js";
import { PII_CLASSIFICATIONS } from "../governance/classification.js";
import { asArray, forTypes } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { PII_COLUMN_PARAMETER } from "./domainDeclaration.js";

/** Compliant: a Glue table with any column whose parameters mark `mesh:pii = "true"` has parameters `mesh:classification` confidential or restricted. */
const rule: MeshResourcePolicy = {
  name: "glue-pii-table-classified",
  description: "Glue tables with PII columns are classified confidential or restricted.",
  group: "mesh",
  severity: "high",
  remediation: `Set parameters["${TAG_KEYS.classification}"] to confidential or restricted on the table.`,
  validateResource: forTypes(["aws:glue/catalogTable:CatalogTable"], (props, _args, report) => {
    const piiColumns = asArray(props.storageDescriptor?.columns)
      .filter((c: any) => c?.parameters?.[PII_COLUMN_PARAMETER] === "true")
      .map((c: any) => c.name);
    if (piiColumns.length === 0) return;
    const classification = props.parameters?.[TAG_KEYS.classification];
    if (!PII_CLASSIFICATIONS.includes(classification)) {
      report(
        `parameters["${TAG_KEYS.classification}"]: ${classification === undefined ? "unset" : `"${classification}"`} but columns ${piiColumns.join(", ")} hold PII; use confidential or restricted.`,
      );
    }
  }),
};

export default rule;
