import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { asArray, isRecord } from "../shared/resource.js";

/** The component every domain stack registers; its outputs declare what the domain owns and uses. */
export const DOMAIN_TYPE = "mesh:index:Domain";
/** Glue column parameter marking personal data. */
export const PII_COLUMN_PARAMETER = "mesh:pii";

export interface DomainDeclaration {
  readonly resource: PolicyResource;
  readonly domain: string;
  readonly environment: string;
  /** Prefix of the domain's bucket and role names (see components/naming.ts), when the stack reports it. */
  readonly namePrefix?: string;
  /** Product ids `<domain>.<product>.v<major>` this domain consumes from others. */
  readonly consumes: ReadonlySet<string>;
  readonly products: readonly string[];
  /** Superseded majors of its products still running for their consumers. */
  readonly retained: readonly string[];
  readonly piiProducts: readonly string[];
  readonly productClassifications: Readonly<Record<string, unknown>>;
}

/** The Domain components of a stack; a stack rule without one is not applicable. */
export function domainDeclarations(args: StackValidationArgs): DomainDeclaration[] {
  const resources = args.resources.filter((r) => r.type === DOMAIN_TYPE);
  if (resources.length === 0) return args.notApplicable(`the stack has no ${DOMAIN_TYPE} component`);
  return resources.map((resource) => ({
    resource,
    domain: String(resource.props.domain),
    environment: String(resource.props.environment),
    ...(typeof resource.props.namePrefix === "string" ? { namePrefix: resource.props.namePrefix } : {}),
    consumes: new Set(asArray(resource.props.consumes).map(String)),
    products: asArray(resource.props.products).map(String),
    retained: asArray(resource.props.retainedVersions).map(String),
    piiProducts: asArray(resource.props.piiProducts).map(String),
    productClassifications: isRecord(resource.props.productClassifications)
      ? resource.props.productClassifications
      : {},
  }));
}
