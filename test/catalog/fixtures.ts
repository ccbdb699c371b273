/** Meshes for catalog tests: hostile text where a declaration allows free text, and beyond. */
import type { Mesh } from "../../components/declaration/mesh.js";
import { buildProductModels } from "../../components/declaration/productModel.js";
import { type DomainDeclaration, DomainSchema } from "../../components/declaration/schema.js";

/** Markup that would run script, or break out of an attribute or element, if emitted unescaped. */
export const PAYLOADS = {
  img: `<img src=x onerror="window.__pwned='img'">`,
  script: `</pre></td><script>window.__pwned='script'</script>`,
  attribute: `" onmouseover="window.__pwned='attr'" x="`,
  mermaid: `x"] --> evil["<b>owned</b>`,
} as const;

const hostileField = {
  type: "string",
  required: true,
  pii: true,
  description: PAYLOADS.attribute,
  accepted: [PAYLOADS.img, "ok"],
} as const;

/**
 * A valid mesh (it passes the declaration schema) whose free text is hostile: descriptions, terms,
 * purposes, accepted values.
 */
export function hostileMesh(): Mesh {
  const producer = DomainSchema.parse({
    name: "evil",
    owner: { team: "mallory", email: "mallory@example.com" },
    description: PAYLOADS.script,
    dataProducts: [
      {
        name: "payload",
        version: "3.1.4",
        description: PAYLOADS.img,
        classification: "confidential",
        terms: PAYLOADS.script,
        schema: { id: { type: "string", description: PAYLOADS.mermaid }, secret: hostileField },
        transform: { sql: "SELECT 1", schedule: "0 * * * *" },
        slos: { freshness: "1d" },
      },
    ],
  });
  const consumer = DomainSchema.parse({
    name: "victim",
    owner: { team: "bob", email: "bob@example.com" },
    description: "Reads the payload.",
    consumes: [{ domain: "evil", product: "payload", major: 3, purpose: PAYLOADS.img }],
    dataProducts: [
      {
        name: "report",
        version: "1.0.0",
        description: "One row per day.",
        classification: "internal",
        schema: { day: { type: "date", description: "Day." } },
        transform: { sql: "SELECT 1", schedule: "0 * * * *" },
        slos: { freshness: "1d" },
      },
    ],
  });
  return { domains: [producer, consumer], products: buildProductModels([producer, consumer], []) };
}

/**
 * The same with names no declaration would pass (the schema forbids them), as if the catalog were
 * fed a mesh that skipped validation: names must not break markup, mermaid syntax or file paths.
 */
export function unvalidatedHostileMesh(): Mesh {
  const [producer, consumer] = hostileMesh().domains as [DomainDeclaration, DomainDeclaration];
  const domain = `e"v<i>l`;
  const product = `../p"ay]load<img src=x onerror=alert(1)>`;
  const domains: DomainDeclaration[] = [
    {
      ...producer,
      name: domain,
      owner: { team: `t"]<b>`, email: `m"<x>@example.com` },
      dataProducts: [{ ...producer.dataProducts[0]!, name: product }],
    },
    { ...consumer, consumes: [{ domain, product, major: 3, purpose: PAYLOADS.script }] },
  ];
  return { domains, products: buildProductModels(domains, []) };
}
