/**
 * An imported product as text a domain team pastes into `domains/<domain>/index.ts` (a TypeScript
 * object literal laid out like the existing domains) or keeps as YAML.
 */
import { yaml } from "../../onDemand.js";
import type { ImportedProduct } from "./importOdcs.js";

const LINE_WIDTH = 110;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k: string) => (IDENTIFIER.test(k) ? k : JSON.stringify(k));
const CLASSIFICATION_NAMES: Record<string, string> = {
  public: "Classification.Public",
  internal: "Classification.Internal",
  confidential: "Classification.Confidential",
  restricted: "Classification.Restricted",
};

/** A value as TypeScript: on one line when it fits, otherwise one entry per line. */
function literal(value: unknown, indent: string, path: readonly string[]): string {
  if (path.length === 1 && path[0] === "classification" && typeof value === "string") {
    return CLASSIFICATION_NAMES[value] ?? JSON.stringify(value);
  }
  if (typeof value === "string" && value.includes("\n") && !value.includes("`") && !value.includes("${")) {
    return `\`${value.replace(/\\/g, "\\\\")}\``; // multi-line SQL and terms read best as templates
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => literal(v, `${indent}  `, path));
    const flat = `[${items.join(", ")}]`;
    if (indent.length + flat.length <= LINE_WIDTH && !flat.includes("\n")) return flat;
    return `[\n${items.map((i) => `${indent}  ${i},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(
      ([k, v]) => `${key(k)}: ${literal(v, `${indent}  `, [...path, k])}`,
    );
    const flat = `{ ${entries.join(", ")} }`;
    // Fields stay on one line when they fit, as in the domains' own declarations.
    if (path.length > 0 && indent.length + flat.length <= LINE_WIDTH && !flat.includes("\n")) return flat;
    return `{\n${entries.map((e) => `${indent}  ${e},`).join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const header = (imported: ImportedProduct, source: string) => [
  `Data product imported from the ODCS contract ${source}.`,
  imported.domain
    ? `Add it to dataProducts of domains/${imported.domain}/index.ts.`
    : "Add it to a domain's dataProducts.",
  ...(imported.owner ? [`Owner in the contract: ${imported.owner.team} <${imported.owner.email}>.`] : []),
  "The transform is a placeholder: write the product's SQL before deploying.",
];

export function renderProductTs(imported: ImportedProduct, source: string): string {
  const comment = header(imported, source)
    .map((l) => `// ${l}`)
    .join("\n");
  return `${comment}\n${literal(imported.product, "", [])}\n`;
}

export function renderProductYaml(imported: ImportedProduct, source: string): string {
  const comment = header(imported, source)
    .map((l) => `# ${l}`)
    .join("\n");
  return `${comment}\n${yaml().stringify(imported.product, { lineWidth: 0 })}`;
}
