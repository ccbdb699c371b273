/**
 * The mesh rules' boundaries: how a connector's topic list is read, what a finding lists when
 * there are two of something, a contract of major 10, and the declarations with a part missing.
 */
import { campaigns, domain, prodDomain, sink } from "./cases/mesh.js";
import { type RuleCases, resource, runCases } from "./harness.js";

const second = (rs: { urn: string }[]) => rs[1]!.urn;
const glueTable = (inputs: Record<string, unknown>) => resource("aws:glue/catalogTable:CatalogTable", inputs);
const pii = (name: string) => ({ name, type: "string", parameters: { "mesh:pii": "true" } });

const cases: RuleCases[] = [
  {
    rule: "mesh-connector-own-products",
    violating: [
      {
        name: "a connector choosing topics by regex (no topics list), named in the finding",
        resources: () => [prodDomain(), sink({ topics: undefined, "topics.regex": "marketing\\..*" })],
        message:
          /^spec\.config\.topics: "": a sink serves exactly one product's topic \(use topics, not topics\.regex\)\.$/,
        urnOf: second,
      },
      {
        name: "a connector over two topics, both named in the finding",
        resources: () => [prodDomain(), sink({ topics: "marketing.campaigns.v1,sales.orders.v1" })],
        message:
          /^spec\.config\.topics: "marketing\.campaigns\.v1,sales\.orders\.v1": a sink serves exactly one/,
        urnOf: second,
      },
      {
        name: "a role setting that only ends like the ingest role's ARN",
        resources: () => [
          prodDomain(),
          sink({
            "aws.sts.role.arn":
              "role=arn:aws:iam::111122223333:role/acme-mesh-prod-marketing--campaigns-v1-ingest",
          }),
        ],
        message: /"role=arn:aws:iam::.*" is not marketing\.campaigns\.v1's ingest role/,
        urnOf: second,
      },
    ],
    compliant: [
      {
        name: "the platform's sink in the China partition",
        resources: () => [
          prodDomain(),
          sink({
            "aws.sts.role.arn":
              "arn:aws-cn:iam::111122223333:role/acme-mesh-prod-marketing--campaigns-v1-ingest",
          }),
        ],
      },
      {
        name: "its own topic with spaces and a trailing comma, as Kafka Connect reads a list",
        resources: () => [prodDomain(), sink({ topics: " marketing.campaigns.v1 ," })],
      },
      {
        name: "a sink that sets no dead-letter topic and no role of its own (nothing to compare)",
        resources: () => [
          prodDomain(),
          sink({ "errors.deadletterqueue.topic.name": undefined, "aws.sts.role.arn": undefined }),
        ],
      },
    ],
  },
  {
    rule: "glue-pii-table-classified",
    violating: [
      {
        name: "PII columns in a table without classification, each named",
        resources: () => [
          glueTable({ name: "leads_v1", storageDescriptor: { columns: [pii("email"), pii("phone")] } }),
        ],
        message:
          /^parameters\["mesh:classification"\]: unset but columns email, phone hold PII; use confidential or restricted\.$/,
      },
    ],
    compliant: [
      { name: "a table without a storage descriptor", resources: () => [glueTable({ name: "t" })] },
      {
        name: "columns without parameters, and an empty entry",
        resources: () => [glueTable({ storageDescriptor: { columns: [null, { name: "id" }] } })],
      },
    ],
  },
  {
    rule: "mesh-contract-compatible-within-major",
    violating: [
      {
        name: "two breaking changes to major version 10, each listed, with the next major named",
        resources: () => [
          domain({
            products: ["marketing.campaigns.v10"],
            publishedContracts: {
              "marketing.campaigns.v10": {
                ...campaigns({ version: "10.2.0" }),
                id: "marketing.campaigns.v10",
              },
            },
            contracts: {
              "marketing.campaigns.v10": {
                ...campaigns({
                  version: "10.3.0",
                  schema: { campaign_id: { ...(campaigns().schema.campaign_id as object), type: "int" } },
                }),
                id: "marketing.campaigns.v10",
              },
            },
          }),
        ],
        message:
          /^contracts\["marketing\.campaigns\.v10"\]: breaking changes to version 10\.2\.0 without a major version bump \(now 10\.3\.0\): schema\.budget: field removed \(consumers that read it fail\); schema\.campaign_id\.type: type string → int .*\. No domain consumes it yet: bump the major version to 11\.0\.0 \(marketing\.campaigns\.v11 then runs side by side with v10\)/,
      },
    ],
    compliant: [
      {
        name: "contracts of a domain with no lock entries (publishedContracts unset)",
        resources: () => [domain({ contracts: { "marketing.campaigns.v1": campaigns({ schema: {} }) } })],
      },
      {
        name: "a published major the domain no longer declares",
        resources: () => [
          domain({ publishedContracts: { "marketing.campaigns.v1": campaigns() }, contracts: {} }),
        ],
      },
    ],
  },
  {
    rule: "mesh-contract-version-bumped",
    violating: [],
    compliant: [
      {
        name: "contracts of a domain with no lock entries (publishedContracts unset)",
        resources: () => [domain({ contracts: { "marketing.campaigns.v1": campaigns() } })],
      },
      {
        name: "a published major the domain no longer declares",
        resources: () => [
          domain({ publishedContracts: { "marketing.campaigns.v1": campaigns() }, contracts: {} }),
        ],
      },
    ],
  },
];

runCases(cases);
