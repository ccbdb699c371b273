/**
 * The mesh's lineage as a mermaid flowchart: one subgraph per domain, one node per product, an edge
 * from each consumed product to each product of the consuming domain, labelled with the major
 * version read. Products holding PII are drawn in red and say "PII"; deprecated, retired and
 * superseded versions are dashed.
 */
import type { CatalogModel, ProductView } from "./model.js";

/** A mermaid node id: only letters, digits and `_`, whatever the name holds. */
export const mermaidId = (prefix: string, name: string): string =>
  `${prefix}_${name.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}`;

/**
 * Text inside a quoted mermaid label: every character that could end the label or mean markup
 * becomes a mermaid entity (`#60;`), which mermaid turns back into the character as text.
 */
export const mermaidText = (text: string): string =>
  text.replace(/[^A-Za-z0-9 .,:/()@+_-]/gu, (c) => `#${c.codePointAt(0)};`);

export const productNodeId = (p: Pick<ProductView, "id">) => mermaidId("p", p.id);

/** Class names of a product node, by what the reader must notice. */
function classesOf(p: ProductView): string[] {
  const classes: string[] = [];
  if (p.piiFields.length > 0) classes.push("pii");
  if (p.status === "deprecated" || p.status === "retired" || p.supersededBy !== undefined)
    classes.push("deprecated");
  if (p.status === "draft") classes.push("draft");
  return classes;
}

function nodeLabel(p: ProductView): string {
  const facts = [`v${p.version}`, ...(p.piiFields.length > 0 ? ["PII"] : [])];
  if (p.status !== "active") facts.push(p.status);
  if (p.supersededBy !== undefined) facts.push("superseded");
  return `${mermaidText(p.product)}<br/>${mermaidText(facts.join(" · "))}`;
}

export function lineageDiagram(model: CatalogModel): string {
  const lines = ["flowchart LR"];
  for (const d of model.domains) {
    lines.push(`  subgraph ${mermaidId("d", d.name)}["${mermaidText(`${d.name} (${d.owner.team})`)}"]`);
    for (const p of d.products) lines.push(`    ${productNodeId(p)}["${nodeLabel(p)}"]`);
    lines.push("  end");
  }
  for (const e of model.edges) {
    lines.push(`  ${productNodeId({ id: e.from })} -->|"v${e.major}"| ${productNodeId({ id: e.to })}`);
  }
  lines.push(
    "  classDef pii fill:#fdecea,stroke:#b3261e,stroke-width:2px,color:#5f1410",
    "  classDef deprecated stroke-dasharray:5 4,color:#555",
    "  classDef draft stroke-dasharray:2 3",
  );
  for (const cls of ["pii", "deprecated", "draft"]) {
    const members = model.products.filter((p) => classesOf(p).includes(cls)).map(productNodeId);
    if (members.length > 0) lines.push(`  class ${members.join(",")} ${cls}`);
  }
  return `${lines.join("\n")}\n`;
}
