/**
 * A synthetic mesh of any size, built in memory (no domain files, no validation beyond the
 * declaration schema): `domains` domains of `perDomain` products each. Each domain consumes a few
 * products of earlier domains (a DAG) and each product's SQL reads only some of them, so lineage
 * by what the SQL reads differs from lineage by domain. Every fifth product holds PII; the first
 * product of every tenth domain has a superseded v1 still running, for the links between versions.
 * Deterministic: the same arguments give the same mesh.
 */
import type { LockEntry } from "../../components/contract/lock.js";
import type { Mesh } from "../../components/declaration/mesh.js";
import { buildProductModels } from "../../components/declaration/productModel.js";
import { type DomainDeclaration, DomainSchema } from "../../components/declaration/schema.js";
import { consumedViewName } from "../../components/naming.js";

const WORDS = ["orders", "parcels", "invoices", "sessions", "payments", "returns", "stock", "reviews"];

export const domainName = (d: number) => `dom-${String(d).padStart(3, "0")}`;
export const productName = (d: number, k: number) => `${WORDS[(d + k) % WORDS.length]}-${d * 100 + k}`;
/** A field only that product has: search by field name finds exactly it. */
export const keyField = (d: number, k: number) => `${productName(d, k).replace(/-/g, "_")}_key`;
export const teamOf = (d: number) => `team-${String(d).padStart(3, "0")}`;

export function syntheticMesh(domains = 100, perDomain = 10): Mesh {
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const declarations: DomainDeclaration[] = [];
  for (let d = 0; d < domains; d++) {
    const consumes =
      d === 0
        ? []
        : [
            ...new Map(
              Array.from({ length: Math.min(4, d) }, () => {
                const from = random(d);
                const k = random(perDomain);
                const major = from % 10 === 0 && k === 0 ? 2 : 1;
                return [`${from}.${k}`, { domain: domainName(from), product: productName(from, k), major }];
              }),
            ).values(),
          ];
    const dataProducts = Array.from({ length: perDomain }, (_, k) => {
      const pii = (d * perDomain + k) % 5 === 0;
      // Each product reads one or two of its domain's inputs, never all of them by default.
      const reads = consumes.filter((_, i) => (i + k) % 3 === 0).slice(0, 2);
      const joins = reads.map((c, i) => ` JOIN ${consumedViewName(c)} AS r${i} USING (id)`).join("");
      return {
        name: productName(d, k),
        version: d % 10 === 0 && k === 0 ? "2.1.0" : `1.${k}.0`,
        description: `One row per ${WORDS[k % WORDS.length]} event of ${domainName(d)}, product ${k}.`,
        classification: "internal",
        schema: {
          id: { type: "string", required: true, unique: true, description: "Identifier." },
          [keyField(d, k)]: { type: "string", description: "A key only this product has." },
          amount: { type: "decimal(12,2)", min: 0, description: "Amount." },
          status: { type: "string", accepted: ["new", "done"], description: "Status." },
          ...(pii ? { email: { type: "string", pii: true, description: "Customer email." } } : {}),
          updated_at: { type: "timestamp", required: true, description: "Last change (UTC)." },
        },
        transform: { sql: `SELECT s.* FROM staging AS s${joins}`, schedule: "0 * * * *" },
        slos: { freshness: "1d" },
      };
    });
    declarations.push(
      DomainSchema.parse({
        name: domainName(d),
        owner: { team: teamOf(d), email: `${teamOf(d)}@example.com` },
        description: `Synthetic domain ${d}.`,
        consumes,
        dataProducts,
      }),
    );
  }
  const retained: LockEntry[] = declarations
    .filter((_, d) => d % 10 === 0)
    .map((domain) => ({
      domain: domain.name,
      owner: domain.owner,
      product: { ...domain.dataProducts[0]!, version: "1.4.0" },
    }));
  return {
    domains: declarations,
    retained,
    products: buildProductModels(
      declarations,
      retained.map((e) => ({ domain: e.domain, product: e.product })),
    ),
  };
}
