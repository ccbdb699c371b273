/**
 * The AWS services the platform creates resources of, each loaded from its own module of
 * @pulumi/aws. The package's entry requires all of its 250 service modules to export them: half a
 * second of every plan and every plan worker (measured: `require("@pulumi/aws")` 550–1,100 ms,
 * these six 20–65 ms, after @pulumi/pulumi). Each service module registers its own resource types
 * with the runtime as the entry would. Not registered without the entry: the package's provider
 * factory, which rehydrates a provider from a resource reference the engine sends back; the
 * platform's programs receive none (their components take providers through `opts`).
 *
 * Written `aws.s3.Bucket` as with the entry. Required rather than imported: the service modules
 * define their classes as lazy getters, which Node's ESM import of CommonJS cannot see.
 */
import { createRequire } from "node:module";
import type * as Glue from "@pulumi/aws/glue/index.js";
import type * as Iam from "@pulumi/aws/iam/index.js";
import type * as Kms from "@pulumi/aws/kms/index.js";
import type * as LakeFormation from "@pulumi/aws/lakeformation/index.js";
import type * as AwsProvider from "@pulumi/aws/provider.js";
import type * as S3 from "@pulumi/aws/s3/index.js";

const require = createRequire(import.meta.url);

export const glue: typeof Glue = require("@pulumi/aws/glue/index.js");
export const iam: typeof Iam = require("@pulumi/aws/iam/index.js");
export const kms: typeof Kms = require("@pulumi/aws/kms/index.js");
export const lakeformation: typeof LakeFormation = require("@pulumi/aws/lakeformation/index.js");
export const s3: typeof S3 = require("@pulumi/aws/s3/index.js");

/** The AWS provider: a class, so both a value and a type, as the entry exports it. */
export const Provider: typeof AwsProvider.Provider = (
  require("@pulumi/aws/provider.js") as typeof AwsProvider
).Provider;
export type Provider = AwsProvider.Provider;
export type { Region } from "@pulumi/aws/types/enums/index.js";
