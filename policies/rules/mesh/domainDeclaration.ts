import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { asArray, isRecord } from "../shared/resource.js";

/** The component every domain stack registers; its inputs and outputs declare what the domain owns and uses. */
export const DOMAIN_TYPE = "mesh:index:Domain";
/** Glue column parameter marking personal data. */
export const PII_COLUMN_PARAMETER = "mesh:pii";

/** What a Domain component declares (components/Domain.ts `declaredScope`). */
export interface DeclaredScope {
  readonly domain: string;
  readonly environment: string;
  /** Prefix of the domain's bucket and role names (see components/naming.ts), when the stack reports it. */
  readonly namePrefix?: string;
  /** Product ids `<domain>.<product>.v<major>` this domain consumes from others. */
  readonly consumes: ReadonlySet<string>;
  readonly products: readonly string[];
  /** Superseded majors of its products still running for their consumers. */
  readonly retained: readonly string[];
  /** Versions derived only from other products (`ingestion: false`): no topic, sink or staging. */
  readonly derived: readonly string[];
  readonly piiProducts: readonly string[];
  readonly productClassifications: Readonly<Record<string, unknown>>;
}

export interface DomainDeclaration extends DeclaredScope {
  readonly resource: PolicyResource;
}

/** The declaration in a Domain component's props (its inputs at preview, its outputs in the stack). */
export function declaredScopeOf(props: Record<string, any>): DeclaredScope {
  return {
    domain: String(props.domain),
    environment: String(props.environment),
    ...(typeof props.namePrefix === "string" ? { namePrefix: props.namePrefix } : {}),
    consumes: new Set(asArray(props.consumes).map(String)),
    products: asArray(props.products).map(String),
    retained: asArray(props.retainedVersions).map(String),
    derived: asArray(props.derivedVersions).map(String),
    piiProducts: asArray(props.piiProducts).map(String),
    productClassifications: isRecord(props.productClassifications) ? props.productClassifications : {},
  };
}

/** The Domain components of a stack; a stack rule without one is not applicable. */
export function domainDeclarations(args: StackValidationArgs): DomainDeclaration[] {
  const resources = args.resources.filter((r) => r.type === DOMAIN_TYPE);
  if (resources.length === 0) return args.notApplicable(`the stack has no ${DOMAIN_TYPE} component`);
  return resources.map((resource) => ({ resource, ...declaredScopeOf(resource.props) }));
}
