import * as pulumi from "@pulumi/pulumi";
import * as aws from "../aws.js";
import type { Classification, DataProduct } from "../declaration/schema.js";
import { glueType } from "../declaration/types.js";
import { type RemovalPolicy, removalOptions } from "../governance.js";
import { NAME_LIMITS, TAG_KEYS } from "../naming.js";

export interface WarehouseTableArgs {
  /** Glue database the table lives in (one per domain). */
  readonly databaseName: pulumi.Input<string>;
  readonly tableName: string;
  readonly accountId: string;
  /** `s3://bucket/prefix/` of the table's data and Iceberg metadata. */
  readonly location: string;
  /** The product's contract: columns, description, version, classification. */
  readonly product: Pick<DataProduct, "schema" | "description" | "version" | "classification">;
  readonly owner: string;
  /** @default "retain" */
  readonly removalPolicy?: RemovalPolicy;
}

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
  readonly parameters: Record<string, string>;
}

/** Compiles a product schema to Glue columns, in declaration order, marking PII and required. */
export function compileColumns(schema: DataProduct["schema"]): GlueColumn[] {
  return Object.entries(schema).map(([name, field]) => ({
    name,
    type: glueType(field.type),
    comment: field.description,
    parameters: { "mesh:pii": String(field.pii), "mesh:required": String(field.required) },
  }));
}

export function validateWarehouseTableArgs(args: WarehouseTableArgs): void {
  if (args.tableName.length > NAME_LIMITS.glue || !/^[a-z][a-z0-9_]*$/.test(args.tableName)) {
    throw new Error(
      `\`tableName\` "${args.tableName}" must be lowercase snake_case, at most ${NAME_LIMITS.glue}`,
    );
  }
  if (!/^s3:\/\/[a-z0-9.-]+\/.+\/$/.test(args.location)) {
    throw new Error(`\`location\` must be "s3://bucket/prefix/", got "${args.location}"`);
  }
}

/** A data product's Iceberg table in the Glue catalog, its columns compiled from the contract. */
export class WarehouseTable extends pulumi.ComponentResource {
  readonly tableName: pulumi.Output<string>;
  readonly databaseName: pulumi.Output<string>;
  /** `database.table`, as query engines address it. */
  readonly qualifiedName: pulumi.Output<string>;
  readonly location: pulumi.Output<string>;

  constructor(name: string, args: WarehouseTableArgs, opts?: pulumi.ComponentResourceOptions) {
    super("mesh:warehouse:WarehouseTable", name, {}, opts);
    validateWarehouseTableArgs(args);
    const classification: Classification = args.product.classification;

    const table = new aws.glue.CatalogTable(
      name,
      {
        name: args.tableName,
        databaseName: args.databaseName,
        catalogId: args.accountId,
        tableType: "EXTERNAL_TABLE",
        description: args.product.description,
        openTableFormatInput: { icebergInput: { metadataOperation: "CREATE", version: "2" } },
        parameters: {
          [TAG_KEYS.owner]: args.owner,
          [TAG_KEYS.classification]: classification,
          "mesh:contract-version": args.product.version,
        },
        storageDescriptor: { location: args.location, columns: compileColumns(args.product.schema) },
      },
      { parent: this, ...removalOptions(args.removalPolicy) },
    );

    this.tableName = table.name;
    this.databaseName = table.databaseName;
    this.qualifiedName = pulumi.interpolate`${table.databaseName}.${table.name}`;
    this.location = pulumi.output(args.location);
    this.registerOutputs({
      tableName: this.tableName,
      databaseName: this.databaseName,
      qualifiedName: this.qualifiedName,
      location: this.location,
    });
  }
}
