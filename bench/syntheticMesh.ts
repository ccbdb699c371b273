/** Synthetic meshes for benchmarks: `products` data products, ten per domain, each domain consuming its predecessor. */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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
        transform: { sql: 'SELECT id, "at", amount, email FROM staging', schedule: "*/30 * * * *" },
        slos: { freshness: "1h" },
        // The next domain reads product-0, confidential: its producer consents, as a real one must.
        ...(p === 0 && d + 1 < domains ? { access: { consumers: [`domain-${d + 1}`] } } : {}),
      })),
    };
    return { input };
  });
}

const REPO = fileURLToPath(new URL("..", import.meta.url));

/**
 * A project holding the synthetic mesh of `products` products as a user's repository holds a mesh,
 * in a new temporary folder: a domain file per domain (`defineDomain` of the declaration above), a
 * dev stack each (as stacks/Pulumi.orders-dev.yaml), this repository's platform.yaml, and its
 * node_modules, where `mesh plan` keeps the compiler's verdicts on the domain files.
 */
export function syntheticWorkspace(products: number): string {
  const dir = mkdtempSync(join(tmpdir(), "mesh-synthetic-"));
  const stack = readFileSync(join(REPO, "stacks", "Pulumi.orders-dev.yaml"), "utf8");
  mkdirSync(join(dir, "stacks"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: join(REPO, "tsconfig.json") }));
  writeFileSync(join(dir, "platform.yaml"), readFileSync(join(REPO, "platform.yaml")));
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  for (const { input } of syntheticDefinitions(products)) {
    mkdirSync(join(dir, "domains", input.name), { recursive: true });
    writeFileSync(
      join(dir, "domains", input.name, "index.ts"),
      `import { defineDomain } from "@datamesh/platform";\n\nexport default defineDomain(${JSON.stringify(input, null, 2)});\n`,
    );
    writeFileSync(
      join(dir, "stacks", `Pulumi.${input.name}-dev.yaml`),
      stack.replaceAll("orders", input.name),
    );
  }
  return dir;
}
