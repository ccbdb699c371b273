import * as pulumi from "@pulumi/pulumi";
import * as aws from "./aws.js";
import { DEFAULT_DENY_POLICY_NAME, defaultDenySpec } from "./compute/networkPolicy.js";
import { type Contract, productRef } from "./contract/contract.js";
import { DataProduct, type OutputPort } from "./DataProduct.js";
import { dataKeyAliasName } from "./dataKey.js";
import { consumersOf, type Mesh, publishedIds } from "./declaration/mesh.js";
import type { DomainDeclaration, DataProduct as ProductDeclaration } from "./declaration/schema.js";
import {
  governanceLabels,
  governanceTags,
  highestClassification,
  type Ownership,
  removalOptions,
  removalPolicyFor,
} from "./governance.js";
import * as k8s from "./kubernetes.js";
import {
  arnPartition,
  ENVIRONMENTS,
  type Environment,
  glueDatabaseName,
  kafkaTopicName,
  namespaceName,
} from "./naming.js";
import { type PlatformSettings, PlatformSettingsSchema } from "./platform.js";
import { grantedConsumers, meshTransformRoles, stackAccess } from "./productAccess.js";

export interface DomainArgs {
  /** The domain's validated declaration (see `validateMesh`). */
  readonly declaration: DomainDeclaration;
  /** The whole mesh, to find who consumes this domain's products. */
  readonly mesh: Mesh;
  readonly environment: Environment;
  readonly platform: PlatformSettings;
}

export function validateDomainArgs(args: DomainArgs): void {
  if (!ENVIRONMENTS.includes(args.environment)) {
    throw new Error(`\`environment\` must be one of ${ENVIRONMENTS.join(", ")}, got "${args.environment}"`);
  }
  if (!args.mesh.domains.includes(args.declaration)) {
    throw new Error(`\`mesh\` must contain the declaration of "${args.declaration.name}"`);
  }
  const platform = PlatformSettingsSchema.safeParse(args.platform);
  if (!platform.success) {
    const issue = platform.error.issues[0]!;
    throw new Error(`\`${["platform", ...issue.path].join(".")}\`: ${issue.message}`);
  }
}

/**
 * Who the domain is and what it may reach, as plain data known at preview: the Domain component's
 * inputs (read by resource-level rules) and outputs (read by stack rules).
 */
/**
 * The domain's product versions, as the mesh models them: its declared products, then the
 * superseded majors still consumed, which keep running from their published declaration.
 */
const productsOf = (args: DomainArgs) =>
  args.mesh.products.filter((p) => p.ref.domain === args.declaration.name);

export function declaredScope(args: DomainArgs) {
  const decl = args.declaration;
  const products = productsOf(args);
  return {
    domain: decl.name,
    environment: args.environment,
    namePrefix: args.platform.namePrefix,
    products: publishedIds(decl),
    consumes: decl.consumes.map((c) => kafkaTopicName(c)),
    productClassifications: Object.fromEntries(
      decl.dataProducts.map((p) => [kafkaTopicName(productRef(decl, p)), p.classification]),
    ),
    piiProducts: decl.dataProducts
      .filter((p) => Object.values(p.schema).some((f) => f.pii))
      .map((p) => kafkaTopicName(productRef(decl, p))),
    retainedVersions: products.filter((p) => p.retained).map((p) => p.id),
    // Versions derived only from other products (`ingestion: false`): no topic, sink or staging.
    derivedVersions: products.filter((p) => p.raw === undefined).map((p) => p.id),
  };
}

/**
 * A domain's mesh node: for every data product, an ingestion topic → a staging bucket → a
 * transform job → a warehouse table, plus the domain's namespace, data key and Glue database.
 * Providers (aws, kafka, kubernetes) come from `opts.providers`.
 */
export class Domain extends pulumi.ComponentResource {
  readonly domain: string;
  readonly outputPorts: pulumi.Output<Record<string, OutputPort>>;
  readonly namespace: pulumi.Output<string>;
  readonly glueDatabase: pulumi.Output<string>;

  constructor(name: string, args: DomainArgs, opts?: pulumi.ComponentResourceOptions) {
    validateDomainArgs(args);
    const declared = declaredScope(args);
    // The declaration is also the component's input: CrossGuard hands it to resource-level rules
    // before any child is registered, so boundary checks run at preview (policies/rules/mesh).
    super("mesh:index:Domain", name, declared, opts);
    const { declaration: decl, environment, platform } = args;
    const partition = arnPartition(platform.region);
    const removalPolicy = removalPolicyFor(environment);
    const ownership = (classification: ProductDeclaration["classification"]): Ownership => ({
      domain: decl.name,
      owner: decl.owner.team,
      environment,
      classification,
    });
    const domainWide = ownership(highestClassification(decl.dataProducts.map((p) => p.classification)));
    const stateful = { parent: this, ...removalOptions(removalPolicy) };

    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: namespaceName(decl.name),
          labels: {
            ...governanceLabels(domainWide),
            // The API server itself refuses pods that are not Pod Security Standards "restricted".
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": "latest",
          },
        },
      },
      { parent: this },
    );
    // Nothing in or out of the namespace unless a policy allows it (each transform allows its own).
    const defaultDeny = new k8s.networking.v1.NetworkPolicy(
      `${name}-default-deny`,
      {
        metadata: {
          name: DEFAULT_DENY_POLICY_NAME,
          namespace: namespace.metadata.name,
          labels: governanceLabels(domainWide),
        },
        spec: defaultDenySpec(),
      },
      { parent: this },
    );
    const dataKey = new aws.kms.Key(
      `${name}-data-key`,
      {
        description: `Encrypts ${decl.name} staging data (${environment})`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: governanceTags(domainWide),
      },
      stateful,
    );
    const dataKeyAlias = dataKeyAliasName(platform.namePrefix, environment, decl.name);
    new aws.kms.Alias(
      `${name}-data-key-alias`,
      { name: dataKeyAlias, targetKeyId: dataKey.keyId },
      { parent: this },
    );
    const database = new aws.glue.CatalogDatabase(
      `${name}-database`,
      {
        name: glueDatabaseName(environment, decl.name),
        catalogId: platform.accountId,
        description: decl.description,
        tags: governanceTags(domainWide),
      },
      stateful,
    );

    const ports: Record<string, pulumi.Output<OutputPort>> = {};
    const contracts: Record<string, Contract> = {};
    // Superseded majors still consumed keep running, from their published declaration.
    for (const model of productsOf(args)) {
      const { ref, declaration, contract } = model;
      if (!model.retained) contracts[contract.id] = contract;
      const product = new DataProduct(
        `${name}-${declaration.name}-v${ref.major}`,
        {
          product: model,
          ownership: ownership(declaration.classification),
          environment,
          platform,
          partition,
          dataKeyArn: dataKey.arn,
          dataKeyAlias,
          databaseName: database.name,
          namespace: namespace.metadata.name,
          namespaceName: namespaceName(decl.name),
          removalPolicy,
        },
        // No product's pod may run before its namespace denies all traffic by default.
        { parent: this, dependsOn: [defaultDeny] },
      );
      // Only consumers the producer consents to, even if a declaration slipped past validateMesh.
      for (const consumer of grantedConsumers(args.mesh, ref, declaration)) {
        product.grantRead({
          domain: consumer,
        });
      }
      ports[contract.id] = product.outputPort;
    }

    this.domain = decl.name;
    this.outputPorts = pulumi.all(ports);
    this.namespace = namespace.metadata.name;
    this.glueDatabase = database.name;
    // What governance rules read from the stack: who this domain is and what it may reach.
    this.registerOutputs({
      ...declared,
      // Checked by the mesh-grants-within-product-access rule: who a grant of this stack may reach
      // on each product of the mesh; full lists only for what this domain publishes or consumes,
      // its producer alone for every other product (see stackAccess).
      productAccess: stackAccess(args.mesh, decl.name, platform, environment),
      // The roles each domain's transforms run as: the readers the access lists' domains stand for.
      transformRoles: meshTransformRoles(args.mesh, platform, environment),
      outputPorts: this.outputPorts,
      // Checked by the mesh-contract-compatible rule: a breaking change needs a new major version.
      contracts,
      publishedContracts: Object.fromEntries(
        Object.keys(contracts).flatMap((id) =>
          args.mesh.published?.[id] ? [[id, args.mesh.published[id]]] : [],
        ),
      ),
      // Who each product version's contract binds (the domains declaring they consume it), so a
      // refused change names the domains it would break.
      contractConsumers: Object.fromEntries(
        productsOf(args).map((model) => [model.id, consumersOf(args.mesh, model.ref)]),
      ),
      namespace: this.namespace,
      glueDatabase: this.glueDatabase,
    });
  }
}
