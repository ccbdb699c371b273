import { beforeAll, describe, expect, it } from "vitest";
import { PlatformSettingsSchema, runnerImage } from "../../components/platform.js";
import {
  DIGEST,
  installMocks,
  LABELS,
  OIDC_ISSUER,
  OIDC_PROVIDER_ARN,
  PINNED_IMAGE,
  platformInput,
  type Registration,
  resolveOutput,
  STAGING_KMS_KEY_ALIAS,
  settle,
  single,
  TAGS,
  transformJobArgs,
  WAREHOUSE_KMS_KEY_ARN,
} from "./fixtures.js";

const T = {
  cronJob: "kubernetes:batch/v1:CronJob",
  configMap: "kubernetes:core/v1:ConfigMap",
  serviceAccount: "kubernetes:core/v1:ServiceAccount",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

let captured: Registration[];
let mod: typeof import("../../components/compute/TransformJob.js");

beforeAll(async () => {
  captured = await installMocks();
  mod = await import("../../components/compute/TransformJob.js");
});

const asArray = <T>(v: T | readonly T[]): T[] => (Array.isArray(v) ? [...v] : [v as T]);

describe("TransformJob", () => {
  let job: InstanceType<typeof mod.TransformJob>;
  const args = transformJobArgs();
  let cron: Record<string, any>;
  let pod: Record<string, any>;
  let container: Record<string, any>;
  /** Every statement of every inline policy of the role, parsed. */
  let statements: any[];

  beforeAll(async () => {
    job = new mod.TransformJob("orders-transform", args);
    await settle();
    cron = single(captured, T.cronJob, "orders-transform").inputs;
    pod = cron.spec.jobTemplate.spec.template.spec;
    container = pod.containers[0];
    const policies = captured.filter(
      (c) => c.type === T.rolePolicy && c.name.startsWith("orders-transform-"),
    );
    statements = [];
    for (const p of policies) {
      // A policy may be built from outputs; the mocks hand it over resolved (JSON text).
      expect(typeof p.inputs.policy).toBe("string");
      const doc = JSON.parse(p.inputs.policy);
      expect(doc.Version).toBe("2012-10-17");
      statements.push(...doc.Statement);
    }
  });

  describe("CronJob", () => {
    it("is named <product>-v<major> in the domain's namespace, with the governance labels", () => {
      expect(cron.metadata).toMatchObject({ name: "orders-v1", namespace: "orders", labels: LABELS });
      // Jobs and pods also carry the label the transform's NetworkPolicy selects.
      const podLabels = { ...LABELS, "datamesh.io/transform": "orders-v1" };
      expect(cron.spec.jobTemplate.metadata.labels).toEqual(podLabels);
      expect(cron.spec.jobTemplate.spec.template.metadata.labels).toEqual(podLabels);
    });

    it("runs on the declared schedule, in UTC, never overlapping, skipping long-missed runs", () => {
      expect(cron.spec.schedule).toBe("*/15 * * * *");
      expect(cron.spec.timeZone).toBe("Etc/UTC");
      expect(cron.spec.concurrencyPolicy).toBe("Forbid");
      expect(cron.spec.startingDeadlineSeconds).toBe(mod.STARTING_DEADLINE_SECONDS);
      expect(mod.STARTING_DEADLINE_SECONDS).toBe(300);
    });

    it("retries a failed run a bounded number of times and never restarts pods in place", () => {
      expect(cron.spec.jobTemplate.spec.backoffLimit).toBe(mod.BACKOFF_LIMIT);
      expect(mod.BACKOFF_LIMIT).toBe(2);
      expect(pod.restartPolicy).toBe("Never");
    });

    it("runs exactly one container, from the pinned image repository:tag@sha256:digest", () => {
      expect(pod.containers).toHaveLength(1);
      expect(container.image).toBe(PINNED_IMAGE);
      expect(container.image).toMatch(/^[^@]+:[^:@/]+@sha256:[a-f0-9]{64}$/);
      expect(container.image.endsWith(`@${DIGEST}`)).toBe(true);
    });

    it("runs the pod as non-root with the RuntimeDefault seccomp profile", () => {
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    });

    it("locks the container down (Pod Security Standards restricted)", () => {
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(container.securityContext.privileged).not.toBe(true);
      expect(container.securityContext.capabilities.add ?? []).toEqual([]);
    });

    it("requests and limits the declared resources", () => {
      expect(container.resources).toEqual({
        requests: { cpu: "500m", memory: "1Gi" },
        limits: { cpu: "500m", memory: "1Gi" },
      });
    });

    it("uses the transform service account without mounting its Kubernetes token", () => {
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.serviceAccountName).toBe("orders-v1-transform");
    });

    it("mounts the SQL ConfigMap read-only and tells the runner where to read and write", () => {
      const sqlVolume = pod.volumes.find((v: any) => v.configMap);
      expect(sqlVolume.configMap.name).toBe(
        single(captured, T.configMap, "orders-transform-sql").inputs.metadata.name,
      );
      const mount = container.volumeMounts.find((m: any) => m.name === sqlVolume.name);
      expect(mount).toMatchObject({ mountPath: mod.SQL_MOUNT_PATH, readOnly: true });
      expect(container.args).toEqual(mod.runnerArgs(args));
      expect(container.args).toEqual([
        "transform",
        "orders/orders",
        "--major",
        "1",
        "--product",
        "/etc/mesh/transform/product.json",
        "--sql",
        "/etc/mesh/transform/transform.sql",
        "--staging",
        "s3://acme-mesh-dev-orders--orders/v1/",
        "--catalog",
        "glue:111111111111",
        "--table",
        "orders_dev.orders_v1",
        // The pod's declared memory limit, for the runner to size itself.
        "--memory",
        "1Gi",
        "--cpu",
        "500m",
      ]);
    });
  });

  it("holds the SQL and the product file the runner reads in a ConfigMap in the domain's namespace", () => {
    const cm = single(captured, T.configMap, "orders-transform-sql").inputs;
    expect(cm.data).toEqual({
      "transform.sql": "SELECT order_id, amount FROM staging",
      "product.json": JSON.stringify(args.productFile, null, 2),
    });
    expect(cm.metadata).toMatchObject({ namespace: "orders", labels: LABELS });
  });

  it("annotates the service account with the role's ARN and does not automount its token", async () => {
    const sa = single(captured, T.serviceAccount, "orders-transform-sa").inputs;
    const role = single(captured, T.role, "orders-transform-role").inputs;
    expect(sa.metadata).toMatchObject({ name: "orders-v1-transform", namespace: "orders", labels: LABELS });
    expect(sa.metadata.annotations["eks.amazonaws.com/role-arn"]).toBe(
      `arn:aws:iam::111111111111:role/${role.name}`,
    );
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(await resolveOutput(job.roleArn)).toBe(sa.metadata.annotations["eks.amazonaws.com/role-arn"]);
    expect(await resolveOutput(job.serviceAccountName)).toBe("orders-v1-transform");
    expect(await resolveOutput(job.cronJobName)).toBe("orders-v1");
  });

  describe("IAM role", () => {
    it("is named <prefix>-<env>-<domain>-<product>-v<major> and tagged", () => {
      const role = single(captured, T.role, "orders-transform-role").inputs;
      expect(role.name).toBe("acme-mesh-dev-orders--orders-v1");
      expect(role.tags).toEqual(TAGS);
    });

    it("trusts exactly the transform service account through the cluster's OIDC provider", () => {
      const trust = JSON.parse(single(captured, T.role, "orders-transform-role").inputs.assumeRolePolicy);
      expect(trust.Statement).toHaveLength(1);
      const [s] = trust.Statement;
      expect(s.Effect).toBe("Allow");
      expect(s.Principal).toEqual({ Federated: OIDC_PROVIDER_ARN });
      expect(s.Action).toBe("sts:AssumeRoleWithWebIdentity");
      expect(s.Condition).toEqual({
        StringEquals: {
          [`${OIDC_ISSUER}:sub`]: "system:serviceaccount:orders:orders-v1-transform",
          [`${OIDC_ISSUER}:aud`]: "sts.amazonaws.com",
        },
      });
    });
  });

  describe("role policy", () => {
    const actionsOn = (resource: string) =>
      statements.filter((s) => asArray(s.Resource).includes(resource)).flatMap((s) => asArray(s.Action));

    it("only allows, never with a wildcard action or a bare wildcard resource", () => {
      expect(statements.length).toBeGreaterThan(0);
      for (const s of statements) {
        expect(s.Effect).toBe("Allow");
        expect(s.NotAction).toBeUndefined();
        expect(s.NotResource).toBeUndefined();
        for (const a of asArray(s.Action)) expect(a, `action ${a}`).not.toContain("*");
        for (const r of asArray(s.Resource)) {
          expect(r, `resource ${r}`).toMatch(/^arn:aws:/);
          // The only wildcards allowed: a key prefix's trailing `*`, and the staged batches' day.
          expect(r.replace(/\/(ingest_date=)?\*$/, ""), `resource ${r}`).not.toContain("*");
        }
      }
    });

    it("reads its staging prefix, and there writes only staged batches and quarantined records", () => {
      const staging = statements.filter((s) =>
        asArray(s.Resource).some((r: string) => r.startsWith("arn:aws:s3:::acme-mesh-dev-orders--orders")),
      );
      const objects = staging.filter((s) => asArray(s.Resource).some((r: string) => r.includes("/")));
      expect(objects.map((s) => [asArray(s.Action), asArray(s.Resource)])).toEqual([
        [["s3:GetObject"], ["arn:aws:s3:::acme-mesh-dev-orders--orders/v1/*"]],
        [
          ["s3:PutObject", "s3:AbortMultipartUpload"],
          [
            "arn:aws:s3:::acme-mesh-dev-orders--orders/v1/ingest_date=*",
            "arn:aws:s3:::acme-mesh-dev-orders--orders/v1/quarantine/*",
            "arn:aws:s3:::acme-mesh-dev-orders--orders/v1/state/*",
          ],
        ],
      ]);
      // The sink's raw files are read, never overwritten or deleted.
      expect(actionsOn("arn:aws:s3:::acme-mesh-dev-orders--orders/v1/raw/*")).toEqual([]);
    });

    it("writes and deletes table files only under the warehouse prefix", () => {
      const writes = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"];
      const writing = statements.filter(
        (s) => s.Sid !== "StageBatches" && asArray(s.Action).some((a: string) => writes.includes(a)),
      );
      // The table's files, and its run history's beside them: nothing else of the warehouse.
      expect(writing.map((s) => asArray(s.Resource))).toEqual([
        ["arn:aws:s3:::acme-mesh-dev-warehouse/orders/orders/v1/*"],
        ["arn:aws:s3:::acme-mesh-dev-warehouse/orders/orders/v1-runs/*"],
      ]);
      expect(statements.filter((s) => asArray(s.Action).includes("s3:DeleteObject"))).toHaveLength(2);
      expect(actionsOn("arn:aws:s3:::acme-mesh-dev-warehouse/orders/orders/v1/*")).toEqual(
        expect.arrayContaining(["s3:GetObject", "s3:PutObject"]),
      );
    });

    it("lists a bucket only under the product's prefix", () => {
      const listing = statements.filter((s) => asArray(s.Action).includes("s3:ListBucket"));
      expect(listing.map((s) => [asArray(s.Resource), s.Condition]).sort()).toEqual(
        [
          [["arn:aws:s3:::acme-mesh-dev-orders--orders"], { StringLike: { "s3:prefix": ["v1/", "v1/*"] } }],
          [
            ["arn:aws:s3:::acme-mesh-dev-warehouse"],
            { StringLike: { "s3:prefix": ["orders/orders/v1/", "orders/orders/v1/*"] } },
          ],
          [
            ["arn:aws:s3:::acme-mesh-dev-warehouse"],
            { StringLike: { "s3:prefix": ["orders/orders/v1-runs/", "orders/orders/v1-runs/*"] } },
          ],
        ].sort(),
      );
      // Listing is never granted together with object actions (they need no condition).
      for (const s of listing) expect(asArray(s.Action)).toEqual(["s3:ListBucket"]);
    });

    it("grants Glue actions only on its own catalog, database and table", () => {
      const glue = statements.filter((s) => asArray(s.Action).some((a: string) => a.startsWith("glue:")));
      // Its table, and its run history's table beside it.
      expect(glue).toHaveLength(2);
      for (const [i, table] of ["orders_v1", "orders_v1_runs"].entries()) {
        expect(asArray(glue[i].Action).sort()).toEqual([
          "glue:GetCatalog",
          "glue:GetDatabase",
          "glue:GetTable",
          "glue:UpdateTable",
        ]);
        expect(asArray(glue[i].Resource).sort()).toEqual(
          [
            "arn:aws:glue:eu-west-1:111111111111:catalog",
            "arn:aws:glue:eu-west-1:111111111111:database/orders_dev",
            `arn:aws:glue:eu-west-1:111111111111:table/orders_dev/${table}`,
          ].sort(),
        );
      }
    });

    it("uses only the staging and warehouse data keys, the staging key by its alias (known at preview)", () => {
      const kms = statements.filter((s) => asArray(s.Action).some((a: string) => a.startsWith("kms:")));
      expect(kms.length).toBeGreaterThan(0);
      expect(new Set(kms.flatMap((s) => asArray(s.Resource)))).toEqual(
        new Set(["arn:aws:kms:eu-west-1:111111111111:key/*", WAREHOUSE_KMS_KEY_ARN]),
      );
      // Every key of the account is narrowed to the one carrying the domain's alias.
      for (const s of kms.filter((s) =>
        asArray(s.Resource).includes("arn:aws:kms:eu-west-1:111111111111:key/*"),
      ))
        expect(s.Condition).toEqual({
          "ForAnyValue:StringEquals": { "kms:ResourceAliases": STAGING_KMS_KEY_ALIAS },
        });
      expect(new Set(kms.flatMap((s) => asArray(s.Action)))).toEqual(
        new Set(["kms:Decrypt", "kms:GenerateDataKey"]),
      );
    });

    it("grants nothing beyond S3 object/list, Glue table and KMS data-key actions", () => {
      const allowed = new Set([
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:AbortMultipartUpload",
        "s3:ListBucket",
        "glue:GetCatalog",
        "glue:GetDatabase",
        "glue:GetTable",
        "glue:UpdateTable",
        "kms:Decrypt",
        "kms:GenerateDataKey",
      ]);
      for (const a of statements.flatMap((s) => asArray(s.Action))) expect(allowed, a).toContain(a);
    });
  });
});

describe("TransformJob of a product without ingestion (no staging)", () => {
  it("is told no staging and may touch none: no argument, no staging statement, no staging key", async () => {
    const { staging: _, ...args } = transformJobArgs({
      sql: "SELECT order_id, amount FROM orders__orders",
      reads: [{ view: "orders__orders", table: "orders_dev.orders_v1", prefix: "orders/orders/v1/" }],
    });
    expect(mod.runnerArgs(args)).not.toContain("--staging");
    expect(mod.runnerArgs(transformJobArgs())).toContain("--staging");
    const policy = mod.transformPolicy(args);
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      "WriteWarehouseObjects",
      "WriteWarehouseList",
      "UpdateOwnTable",
      "WriteHistoryObjects",
      "WriteHistoryList",
      "UpdateOwnHistoryTable",
      "ReadInput0Table",
      "ReadInput0Objects",
      "ReadInput0List",
    ]);
    expect(JSON.stringify(policy)).not.toContain("acme-mesh-dev-orders--orders");
    expect(mod.dataKeyPolicy(args).Statement.map((s) => s.Sid)).toEqual(["UseWarehouseKey"]);
    new mod.TransformJob("derived-transform", args);
    await settle();
    const cron = single(captured, T.cronJob, "derived-transform").inputs;
    expect(cron.spec.jobTemplate.spec.template.spec.containers[0].args).not.toContain("--staging");
  });

  it("refuses engine spark, whose driver stages raw records before Spark runs", () => {
    const { staging: _, ...args } = transformJobArgs({
      engine: "spark",
      sparkImage: `ghcr.io/acme/mesh-spark:0.1.0@${DIGEST}`,
    });
    expect(() => mod.validateTransformJobArgs(args)).toThrow(
      "`engine` spark needs `staging`: a product without ingestion runs on duckdb",
    );
  });
});

describe("TransformJob with an Iceberg REST catalog and an S3-compatible store", () => {
  const rest = {
    catalog: {
      type: "rest" as const,
      uri: "https://polaris.example.com/api/catalog",
      warehouse: "mesh",
      credentialsSecret: "mesh-catalog-orders",
    },
    s3Endpoint: "https://s3.internal:9000",
  };

  it("tells the runner the catalog's URL, warehouse and the store, and where to create its table", async () => {
    const args = transformJobArgs(rest);
    const runner = mod.runnerArgs(args);
    const value = (flag: string) => runner[runner.indexOf(flag) + 1];
    expect(value("--catalog")).toBe("https://polaris.example.com/api/catalog");
    expect(value("--catalog-warehouse")).toBe("mesh");
    expect(value("--s3-endpoint")).toBe("https://s3.internal:9000");
    // The location is the prefix the role may write, as Glue's table location is.
    expect(value("--location")).toBe(`s3://${args.warehouse.bucket}/${args.warehouse.prefix}`);
    expect(mod.runnerArgs(transformJobArgs())).not.toContain("--location");
    new mod.TransformJob("rest-transform", args);
    await settle();
    const container = single(captured, T.cronJob, "rest-transform").inputs.spec.jobTemplate.spec.template.spec
      .containers[0];
    // The client credentials come from the domain's Secret, never through the arguments.
    expect(container.env).toEqual(
      expect.arrayContaining([
        {
          name: "MESH_CATALOG_CLIENT_ID",
          valueFrom: { secretKeyRef: { name: "mesh-catalog-orders", key: "client-id" } },
        },
        {
          name: "MESH_CATALOG_CLIENT_SECRET",
          valueFrom: { secretKeyRef: { name: "mesh-catalog-orders", key: "client-secret" } },
        },
      ]),
    );
    expect(JSON.stringify(container.args)).not.toMatch(/client|secret/i);
  });

  it("grants no Glue permission: the REST catalog authorizes; the role keeps its S3 prefixes", () => {
    const policy = mod.transformPolicy(transformJobArgs(rest));
    expect(JSON.stringify(policy)).not.toContain("glue:");
    expect(policy.Statement.map((s) => s.Sid)).toEqual(
      mod
        .transformPolicy(transformJobArgs())
        .Statement.map((s) => s.Sid)
        .filter((sid) => !sid?.endsWith("Table")),
    );
  });
});

describe("TransformJob validation", () => {
  const children = (prefix: string) =>
    captured.filter((c) => c.custom !== false && c.name.startsWith(prefix));
  const rejects = async (
    name: string,
    overrides: Parameters<typeof transformJobArgs>[0],
    message: string | RegExp,
  ) => {
    expect(() => new mod.TransformJob(name, transformJobArgs(overrides))).toThrow(message);
    await settle();
    expect(children(name)).toEqual([]);
  };

  it("rejects an image tagged latest", async () => {
    const image = `ghcr.io/acme/mesh-runner:latest@${DIGEST}`;
    await rejects(
      "img-latest",
      { image },
      `\`image\` must be pinned as "repository:tag@sha256:<digest>" (not latest), got "${image}"`,
    );
  });

  it("rejects an image without a digest", async () => {
    await rejects("img-nodigest", { image: "ghcr.io/acme/mesh-runner:0.1.0" }, /`image` must be pinned/);
  });

  it("rejects an image without a tag", async () => {
    await rejects("img-notag", { image: `ghcr.io/acme/mesh-runner@${DIGEST}` }, /`image` must be pinned/);
  });

  it("rejects a truncated digest", async () => {
    await rejects(
      "img-short",
      { image: "ghcr.io/acme/mesh-runner:0.1.0@sha256:abc123" },
      /`image` must be pinned/,
    );
  });

  it("accepts an image from a registry with a port, as the platform settings allow", () => {
    // PlatformSettingsSchema accepts `runner.image: registry.acme.internal:5000/mesh/runner`, so the
    // pinned reference runnerImage() builds from it must be accepted too.
    const runner = { image: "registry.acme.internal:5000/mesh/runner", tag: "0.1.0", digest: DIGEST };
    const platform = PlatformSettingsSchema.parse({ ...platformInput, runner });
    const image = runnerImage(platform.runner);
    expect(image).toBe(`registry.acme.internal:5000/mesh/runner:0.1.0@${DIGEST}`);
    expect(() => mod.validateTransformJobArgs(transformJobArgs({ image }))).not.toThrow();
  });

  it.each([
    ["60 * * * *", "minute field: 60 is out of range 0-59"],
    [
      "* * * *",
      "expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, got 4",
    ],
    ["0 0 32 * *", "day-of-month field: 32 is out of range 1-31"],
    [
      "@sometimes",
      "expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, got 1",
    ],
  ])("rejects schedule %j", async (schedule, problem) => {
    const name = `cron-${schedule.replace(/[^a-z0-9]/g, "x")}`;
    await rejects(
      name,
      { schedule },
      `\`schedule\` "${schedule}" is not a valid cron expression: ${problem}`,
    );
  });

  it("rejects bad resource quantities and empty SQL", () => {
    expect(() =>
      mod.validateTransformJobArgs(transformJobArgs({ resources: { cpu: "lots", memory: "1Gi" } })),
    ).toThrow('`resources.cpu` "lots" is not a quantity');
    expect(() =>
      mod.validateTransformJobArgs(transformJobArgs({ resources: { cpu: "1", memory: "1GB" } })),
    ).toThrow('`resources.memory` "1GB" is not a quantity');
    expect(() => mod.validateTransformJobArgs(transformJobArgs({ sql: "  \n " }))).toThrow(
      "`sql` must not be empty",
    );
  });

  it("rejects names over the CronJob and IAM role limits", () => {
    const product = { domain: "orders", product: "p".repeat(50), major: 1 };
    expect(() => mod.validateTransformJobArgs(transformJobArgs({ product }))).toThrow(
      `CronJob name "${"p".repeat(50)}-v1" exceeds 52 characters`,
    );
    const long = { domain: "orders", product: "p".repeat(40), major: 1 };
    expect(() => mod.validateTransformJobArgs(transformJobArgs({ product: long }))).toThrow(
      `IAM role name "acme-mesh-dev-orders--${"p".repeat(40)}-v1" exceeds 64 characters`,
    );
    // Exactly at the limit is fine.
    const atLimit = { domain: "orders", product: "p".repeat(39), major: 1 };
    expect(() => mod.validateTransformJobArgs(transformJobArgs({ product: atLimit }))).not.toThrow();
  });
});

describe("TransformJob with an OpenLineage API (platform setting openLineage.url)", () => {
  const lineage = { url: "http://marquez.lineage:5000", namespace: "acme-mesh-dev" };

  it("tells the runner where to post its events and in which namespace, and lets its pods reach the port", async () => {
    const runner = mod.runnerArgs(transformJobArgs({ lineage }));
    const value = (flag: string) => runner[runner.indexOf(flag) + 1];
    expect(value("--lineage-url")).toBe("http://marquez.lineage:5000");
    expect(value("--lineage-namespace")).toBe("acme-mesh-dev");
    // Without the setting the run emits nothing, and its pods reach no other port.
    expect(mod.runnerArgs(transformJobArgs())).not.toContain("--lineage-url");
    new mod.TransformJob("lineage-transform", transformJobArgs({ lineage }));
    new mod.TransformJob("quiet-transform", transformJobArgs());
    // A Spark application's run posts nothing: its pods get no way there.
    new mod.TransformJob(
      "spark-lineage-transform",
      transformJobArgs({ lineage, engine: "spark", sparkImage: PINNED_IMAGE }),
    );
    await settle();
    const ports = (name: string) =>
      single(captured, "kubernetes:networking.k8s.io/v1:NetworkPolicy", name).inputs.spec.egress.flatMap(
        (rule: { ports?: { port: number }[] }) => (rule.ports ?? []).map((p) => p.port),
      );
    expect(ports("lineage-transform-network")).toContain(5000);
    expect(ports("quiet-transform-network")).not.toContain(5000);
    expect(ports("spark-lineage-transform-network")).not.toContain(5000);
  });
});
