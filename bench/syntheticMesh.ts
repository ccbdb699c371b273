/** Synthetic meshes for benchmarks: `products` data products, ten per domain, each domain consuming its predecessor. */
import type { DomainDefinition } from "../components/declaration/defineDomain.js";
import type { DomainInput } from "../components/declaration/schema.js";

const PRODUCTS_PER_DOMAIN = 10;

export function syntheticDefinitions(products: number): DomainDefinition[] {
  const domains = Math.ceil(products / PRODUCTS_PER_DOMAIN);
  return Array.from({ length: domains }, (_, d): DomainDefinition => {
    const count = Math.min(PRODUCTS_PER_DOMAIN, products - d * PRODUCTS_PER_DOMAIN);
    const input: DomainInput = {
      name: `domain-${d}`,
      owner: { team: `team-${d}`, email: `team-${d}@example.com` },
      description: `Synthetic domain ${d}.`,
      consumes: d > 0 ? [{ domain: `domain-${d - 1}`, product: "product-0", major: 1 }] : [],
      dataProducts: Array.from({ length: count }, (_, p) => ({
        name: `product-${p}`,
        version: "1.0.0",
        description: "One row per synthetic event.",
        classification: p % 3 === 0 ? "confidential" : "internal",
        schema: {
          id: { type: "string", required: true, description: "Identifier." },
          at: { type: "timestamp", required: true, description: "Event time." },
          amount: { type: "decimal(12,2)", description: "Amount." },
          email: { type: "string", pii: p % 3 === 0, description: "Contact." },
        },
        transform: { sql: "SELECT * FROM staging", schedule: "*/30 * * * *" },
        slos: { freshness: "1h" },
        // The next domain reads product-0, confidential: its producer consents, as a real one must.
        ...(p === 0 && d + 1 < domains ? { access: { consumers: [`domain-${d + 1}`] } } : {}),
      })),
    };
    return { input };
  });
}
