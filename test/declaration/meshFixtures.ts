/**
 * Small domains for the tests of the whole mesh: each publishes `<name>-events` (one required string
 * `id`), and a lock of any of them, as contracts.lock.json holds superseded majors.
 */
import { lockEntryOf } from "../../components/contract/lock.js";
import { type DomainDefinition, validateDomain } from "../../components/declaration/index.js";

export interface EventsOptions {
  readonly version?: string;
  readonly sql?: string;
  readonly classification?: string;
  readonly consumes?: readonly { domain: string; product: string; major: number }[];
  readonly access?: object;
  /** Fields of the product to set as given, over the ones above. */
  readonly product?: Record<string, unknown>;
}

/** A domain `name` publishing `<name>-events` at `version`; `sql` reads the given inputs. */
export function eventsDomain(name: string, options: EventsOptions = {}): DomainDefinition {
  return {
    source: `domains/${name}/index.ts:3`,
    input: {
      name,
      owner: { team: `${name}-team`, email: `${name}@example.com` },
      description: `The ${name} domain.`,
      consumes: options.consumes ?? [],
      dataProducts: [
        {
          name: `${name}-events`,
          version: options.version ?? "1.0.0",
          description: "Events.",
          classification: options.classification ?? "internal",
          schema: { id: { type: "string", required: true, description: "Identifier." } },
          transform: { sql: options.sql ?? "SELECT id FROM staging", schedule: "0 * * * *" },
          slos: { freshness: "1d" },
          ...(options.access ? { access: options.access } : {}),
          ...options.product,
        },
      ],
    } as never,
  };
}

/** contracts.lock.json holding each definition's product as published. */
export const lockOf = (...defs: DomainDefinition[]) => ({
  lockfileVersion: 1 as const,
  products: Object.fromEntries(
    defs.map((d) => {
      const domain = validateDomain(d.input as never);
      const product = domain.dataProducts[0]!;
      return [
        `${domain.name}.${product.name}.v${product.version.split(".")[0]}`,
        lockEntryOf(domain, product),
      ];
    }),
  ),
});
