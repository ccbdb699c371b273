import { beforeAll, describe, expect, it } from "vitest";
import { defaultDenySpec } from "../../components/compute/networkPolicy.js";
import { stageArgs } from "../../components/compute/runnerProtocol.js";
import { evaluatePolicies, type PlannedResource } from "../../policies/engine/index.js";
import { allRules } from "../../policies/rules/all.js";
import {
  DIGEST,
  installMocks,
  LABELS,
  type Registration,
  resolveOutput,
  settle,
  single,
  TAGS,
  transformJobArgs,
} from "./fixtures.js";

const T = {
  cronJob: "kubernetes:batch/v1:CronJob",
  scheduled: "kubernetes:sparkoperator.k8s.io/v1beta2:ScheduledSparkApplication",
  configMap: "kubernetes:core/v1:ConfigMap",
  serviceAccount: "kubernetes:core/v1:ServiceAccount",
  role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
  roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
  iamRole: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

const SPARK_IMAGE = `ghcr.io/acme/mesh-spark-runner:0.1.0@${DIGEST}`;

let captured: Registration[];
let mod: typeof import("../../components/compute/TransformJob.js");
let spark: typeof import("../../components/compute/sparkApplication.js");

beforeAll(async () => {
  captured = await installMocks();
  mod = await import("../../components/compute/TransformJob.js");
  spark = await import("../../components/compute/sparkApplication.js");
});

const childrenOf = (prefix: string) => captured.filter((c) => c.name.startsWith(prefix));

describe("TransformJob, engine spark", () => {
  const args = transformJobArgs({
    engine: "spark",
    executors: 4,
    sparkImage: SPARK_IMAGE,
    resources: { cpu: "1500m", memory: "4Gi" },
  });
  let job: InstanceType<typeof mod.TransformJob>;
  let scheduled: Record<string, any>;
  let app: Record<string, any>;

  beforeAll(async () => {
    job = new mod.TransformJob("spark-orders", args);
    await settle();
    scheduled = single(captured, T.scheduled, "spark-orders").inputs;
    app = scheduled.spec.template;
  });

  it("emits one ScheduledSparkApplication and no CronJob", () => {
    const mine = childrenOf("spark-orders");
    expect(mine.filter((c) => c.type === T.cronJob)).toEqual([]);
    expect(mine.filter((c) => c.type === T.scheduled)).toHaveLength(1);
    expect(scheduled.apiVersion).toBe("sparkoperator.k8s.io/v1beta2");
    expect(scheduled.kind).toBe("ScheduledSparkApplication");
    expect(job.engine).toBe("spark");
  });

  it("is named like the CronJob, in the domain's namespace, with the governance labels", async () => {
    expect(scheduled.metadata).toEqual({ name: "orders-v1", namespace: "orders", labels: LABELS });
    expect(await resolveOutput(job.cronJobName)).toBe("orders-v1");
    // The pods also carry the label their NetworkPolicy selects.
    expect(app.driver.labels).toEqual({ ...LABELS, "datamesh.io/transform": "orders-v1" });
    expect(app.executor.labels).toEqual({ ...LABELS, "datamesh.io/transform": "orders-v1" });
  });

  it("runs on the declared schedule in UTC, never two runs at once, keeping a bounded history", () => {
    expect(scheduled.spec.schedule).toBe("CRON_TZ=Etc/UTC */15 * * * *");
    expect(scheduled.spec.concurrencyPolicy).toBe("Forbid");
    expect(scheduled.spec.successfulRunHistoryLimit).toBe(3);
    expect(scheduled.spec.failedRunHistoryLimit).toBe(3);
  });

  it("runs the Spark entry point of the pinned Spark image with the runner's arguments", () => {
    expect(app).toMatchObject({
      type: "Python",
      mode: "cluster",
      sparkVersion: spark.SPARK_VERSION,
      mainApplicationFile: "local:///opt/mesh/spark/transform.py",
      image: SPARK_IMAGE,
    });
    expect(app.image).toMatch(/^[^@]+:[^:@/]+@sha256:[a-f0-9]{64}$/);
    expect(app.driver.image).toBeUndefined();
    expect(app.executor.image).toBeUndefined();
    expect(app.arguments).toEqual(["--plan", "/etc/mesh/transform/plan.json"]);
  });

  it("stages the raw files first, in the runner image, from the same contract and staging prefix", () => {
    const [stage] = app.driver.initContainers;
    expect(stage.image).toBe(args.image);
    expect(stage.args).toEqual(stageArgs(mod.stageRequestOf(args)!));
    expect(stage.args).toEqual([
      "stage",
      "orders/orders",
      "--major",
      "1",
      "--product",
      "/etc/mesh/transform/product.json",
      "--staging",
      "s3://acme-mesh-dev-orders--orders/v1/",
      "--memory",
      "4Gi",
      "--cpu",
      "1500m",
    ]);
  });

  it("plans the same SQL, staging, table and contract as the DuckDB runner's arguments", () => {
    const cm = single(captured, T.configMap, "spark-orders-sql").inputs;
    const plan = JSON.parse(cm.data["plan.json"]);
    const flag = (name: string) => mod.runnerArgs(args)[mod.runnerArgs(args).indexOf(name) + 1];
    expect(plan).toMatchObject({
      version: 1,
      product: "orders/orders",
      sql: flag("--sql"),
      staging: flag("--staging")!.replace("s3://", "s3a://"),
      catalog: "glue",
      table: flag("--table"),
      reads: [],
      columns: [
        { name: "order_id", type: "string" },
        { name: "amount", type: "decimal(12,2)" },
      ],
      rowCount: { min: 1 },
    });
    expect(plan.checks).toEqual([
      {
        rule: "required",
        column: "order_id",
        sql: "count(*) FILTER (WHERE `order_id` IS NULL)",
        message: "order_id is null in {rows} row(s)",
      },
      {
        rule: "unique",
        column: "order_id",
        sql: "count(`order_id`) - count(DISTINCT `order_id`)",
        message: "order_id repeats a value in {rows} row(s)",
      },
      {
        rule: "required",
        column: "amount",
        sql: "count(*) FILTER (WHERE `amount` IS NULL)",
        message: "amount is null in {rows} row(s)",
      },
      {
        rule: "min",
        column: "amount",
        sql: "count(*) FILTER (WHERE `amount` < 0)",
        message: "amount is below 0 in {rows} row(s)",
      },
    ]);
    expect(plan.emptyStaging).toBe(
      "SELECT CAST(NULL AS STRING) AS `order_id`, CAST(NULL AS DECIMAL(12,2)) AS `amount`, CAST(NULL AS DATE) AS `ingest_date` WHERE false",
    );
    expect(JSON.parse(cm.data["product.json"])).toEqual(args.productFile);
  });

  it("retries a failed run (and a failed submission) a bounded number of times", () => {
    expect(app.restartPolicy).toMatchObject({
      type: "OnFailure",
      onFailureRetries: mod.BACKOFF_LIMIT,
      onSubmissionFailureRetries: mod.BACKOFF_LIMIT,
    });
  });

  it("mounts the SQL ConfigMap read-only into driver and executors", () => {
    const cm = single(captured, T.configMap, "spark-orders-sql").inputs;
    expect(Object.keys(cm.data).sort()).toEqual(["plan.json", "product.json", "transform.sql"]);
    expect(cm.data["transform.sql"]).toBe("SELECT order_id, amount FROM staging");
    const sqlVolume = app.volumes.find((v: any) => v.configMap);
    expect(sqlVolume.configMap.name).toBe(cm.metadata.name);
    for (const role of [app.driver, app.executor]) {
      expect(role.volumeMounts).toContainEqual({
        name: sqlVolume.name,
        mountPath: mod.SQL_MOUNT_PATH,
        readOnly: true,
      });
      expect(role.volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
    }
    expect(app.volumes).toContainEqual({ name: "tmp", emptyDir: { sizeLimit: "1Gi" } });
  });

  it("sizes driver and executors from the declared resources, with the declared executors", () => {
    for (const role of [app.driver, app.executor]) {
      expect(role).toMatchObject({ cores: 2, coreRequest: "1500m", coreLimit: "1500m", memory: "4g" });
    }
    expect(app.executor.instances).toBe(4);
  });

  it("runs driver and executors under the IRSA service account, with AWS_REGION", () => {
    const sa = single(captured, T.serviceAccount, "spark-orders-sa").inputs;
    expect(sa.metadata.annotations["eks.amazonaws.com/role-arn"]).toMatch(
      /^arn:aws:iam::111111111111:role\//,
    );
    expect(sa.automountServiceAccountToken).toBe(false);
    for (const role of [app.driver, app.executor]) {
      expect(role.serviceAccount).toBe("orders-v1-transform");
      expect(role.env).toContainEqual({ name: "AWS_REGION", value: "eu-west-1" });
    }
  });

  it("locks driver and executor pods down (Pod Security Standards restricted)", () => {
    for (const role of [app.driver, app.executor]) {
      expect(role.podSecurityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(role.podSecurityContext.runAsUser).toBeGreaterThan(0);
      expect(role.securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(role.hostNetwork).toBeUndefined();
    }
  });

  it("gives only the driver a Kubernetes token, and a Role to run its executors", () => {
    expect(app.driver.template).toEqual({ spec: { automountServiceAccountToken: true } });
    expect(app.executor.template).toBeUndefined();
    const role = single(captured, T.role, "spark-orders-spark-driver").inputs;
    expect(role.metadata).toMatchObject({ namespace: "orders", labels: LABELS });
    const resources = role.rules.flatMap((r: any) => r.resources).sort();
    expect(resources).toEqual(["configmaps", "persistentvolumeclaims", "pods", "services"]);
    for (const rule of role.rules) {
      expect(rule.apiGroups).toEqual([""]);
      expect(rule.verbs).not.toContain("*");
    }
    const binding = single(captured, T.roleBinding, "spark-orders-spark-driver").inputs;
    expect(binding.roleRef).toEqual({
      apiGroup: "rbac.authorization.k8s.io",
      kind: "Role",
      name: role.metadata.name,
    });
    expect(binding.subjects).toEqual([
      { kind: "ServiceAccount", name: "orders-v1-transform", namespace: "orders" },
    ]);
  });

  it("keeps the IAM role and its least-privilege policies of the DuckDB engine", () => {
    const duck = transformJobArgs();
    const policies = captured
      .filter((c) => c.type === T.rolePolicy && c.name === "spark-orders-policy")
      .map((c) => JSON.parse(c.inputs.policy));
    expect(policies).toEqual([JSON.parse(JSON.stringify(mod.transformPolicy(duck)))]);
    expect(single(captured, T.iamRole, "spark-orders-role").inputs.tags).toEqual(TAGS);
  });
});

describe("TransformJob, engine spark, under the policy pack", () => {
  it("the platform's Spark output passes every rule at prod levels", async () => {
    const prod = (m: Record<string, string>, key: string) => ({ ...m, [key]: "prod" });
    new mod.TransformJob(
      "spark-prod",
      transformJobArgs({
        engine: "spark",
        sparkImage: SPARK_IMAGE,
        environment: "prod",
        tags: prod(TAGS, "mesh:environment"),
        labels: prod(LABELS, "datamesh.io/environment"),
      }),
    );
    await settle();
    const planned: PlannedResource[] = childrenOf("spark-prod")
      .filter((c) => c.custom !== false)
      .map((c) => ({
        urn: `urn:pulumi:prod::mesh::${c.type}::${c.name}`,
        type: c.type,
        name: c.name,
        inputs: c.inputs,
      }));
    expect(planned.map((p) => p.type)).toContain(T.scheduled);
    // The orders domain's node, whose declaration governs the job's grants.
    const declaration = {
      domain: "orders",
      environment: "prod",
      products: ["orders.orders.v1"],
      consumes: [],
    };
    const domain: PlannedResource = {
      urn: "urn:pulumi:prod::mesh::mesh:index:Domain::orders",
      type: "mesh:index:Domain",
      name: "orders",
      inputs: declaration,
      outputs: declaration,
      custom: false,
    };
    // The Domain isolates its namespace before any product's workload is registered.
    const defaultDeny: PlannedResource = {
      urn: "urn:pulumi:prod::mesh::kubernetes:networking.k8s.io/v1:NetworkPolicy::orders-default-deny",
      type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      name: "orders-default-deny",
      inputs: {
        metadata: {
          name: "default-deny",
          namespace: "orders",
          labels: prod(LABELS, "datamesh.io/environment"),
        },
        spec: defaultDenySpec(),
      },
    };
    // Placed as the Domain places them, so the tenancy rule sees the platform's own children.
    const inside = [defaultDeny, ...planned].map((r) => ({ ...r, parentUrn: domain.urn }));
    // A lone component carries no mesh access lists; mesh-grants-within-product-access is proved on
    // whole planned stacks (test/policies/cases/meshAccess.ts, test/domains/*).
    const rules = allRules.filter((r) => r.name !== "mesh-grants-within-product-access");
    expect(await evaluatePolicies([domain, ...inside], { environment: "prod" }, rules)).toEqual([]);
  });
});

describe("TransformJob engines", () => {
  it("defaults to duckdb: a CronJob, no Spark application or driver Role", async () => {
    const job = new mod.TransformJob("duck-orders", transformJobArgs());
    await settle();
    const mine = childrenOf("duck-orders");
    expect(job.engine).toBe("duckdb");
    expect(mine.filter((c) => c.type === T.cronJob)).toHaveLength(1);
    expect(
      mine.filter((c) => c.type === T.scheduled || c.type === T.role || c.type === T.roleBinding),
    ).toEqual([]);
  });

  it("builds the same CronJob with engine duckdb given explicitly, ignoring executors", async () => {
    new mod.TransformJob("duck-explicit", transformJobArgs({ engine: "duckdb", executors: 7 }));
    await settle();
    const implicit = single(captured, T.cronJob, "duck-orders").inputs;
    const explicit = single(captured, T.cronJob, "duck-explicit").inputs;
    expect(explicit).toEqual(implicit);
  });

  it("rejects engine spark without a Spark image, or with an unpinned one", () => {
    expect(() => mod.validateTransformJobArgs(transformJobArgs({ engine: "spark" }))).toThrow(
      "`engine` spark needs `sparkImage`",
    );
    expect(() =>
      mod.validateTransformJobArgs(
        transformJobArgs({ engine: "spark", sparkImage: "ghcr.io/acme/mesh-spark-runner:latest" }),
      ),
    ).toThrow(/`sparkImage` must be pinned/);
  });

  it("rejects executors outside 1-100 and names too long for the operator's run names", () => {
    const spark = { engine: "spark" as const, sparkImage: SPARK_IMAGE };
    expect(() => mod.validateTransformJobArgs(transformJobArgs({ ...spark, executors: 0 }))).toThrow(
      "`executors` must be an integer from 1 to 100, got 0",
    );
    expect(() => mod.validateTransformJobArgs(transformJobArgs({ ...spark, executors: 2.5 }))).toThrow(
      /`executors`/,
    );
    // Short prefixes, so the IAM role name (64) is not the limit that binds first.
    const short = {
      namePrefix: "m",
      environment: "d",
      product: { domain: "o", product: "p".repeat(41), major: 1 },
    };
    expect(() => mod.validateTransformJobArgs(transformJobArgs({ ...spark, ...short }))).toThrow(
      `ScheduledSparkApplication name "${"p".repeat(41)}-v1" exceeds 43 characters`,
    );
    // The same product is fine on DuckDB (CronJob names may be 52 long).
    expect(() => mod.validateTransformJobArgs(transformJobArgs(short))).not.toThrow();
  });
});
