/**
 * The protocol between the platform and the runner image (components/compute/runnerProtocol.ts):
 * what the example mesh's TransformJobs emit reads back to the same requests, and a command line
 * that breaks the protocol is refused with its usage and what is wrong.
 */

import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { planStack, type StackPlan } from "../../cli/plan/planStack.js";
import { readStackFile } from "../../cli/plan/stackFile.js";
import { runnerHelp } from "../../components/compute/runnerHelp.js";
import { parseRunnerProductFile, runnerProductFile } from "../../components/compute/runnerProductFile.js";
import {
  checkMajor,
  PRODUCT_FILE,
  parseRunnerCommand,
  RUNNER_COMMANDS,
  RunnerUsageError,
  runnerSynopsis,
  type StageRequest,
  stageArgs,
  type TransformRequest,
  transformArgs,
} from "../../components/compute/runnerProtocol.js";
import { validateMesh } from "../../components/declaration/index.js";
import { importDomains } from "../../program/loadMesh.js";

const stacksDir = fileURLToPath(new URL("../../stacks/", import.meta.url));
const STACKS = readdirSync(stacksDir)
  .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
  .sort();

interface Emitted {
  readonly stack: string;
  readonly command: "transform" | "stage";
  readonly args: string[];
  readonly productFile: unknown;
}

/** Every runner command line the stacks' TransformJobs emit, with the product file beside it. */
const emitted: Emitted[] = [];
beforeAll(async () => {
  for (const file of STACKS) {
    const plan: StackPlan = await planStack(readStackFile(`${stacksDir}${file}`));
    const configMaps = plan.resources.filter((r) => r.type === "kubernetes:core/v1:ConfigMap");
    const productFileOf = (name: string) => {
      const cm = configMaps.find((c) => c.inputs.metadata?.name === `${name}-sql`);
      return JSON.parse(cm!.inputs.data[PRODUCT_FILE]);
    };
    for (const r of plan.resources) {
      if (r.type === "kubernetes:batch/v1:CronJob") {
        const [container] = r.inputs.spec.jobTemplate.spec.template.spec.containers;
        const args = container.args as string[];
        emitted.push({
          stack: file,
          command: "transform",
          args,
          productFile: productFileOf(r.inputs.metadata.name),
        });
      }
      if (r.type.endsWith(":ScheduledSparkApplication")) {
        const [stage] = r.inputs.spec.template.driver.initContainers;
        const args = stage.args as string[];
        emitted.push({
          stack: file,
          command: "stage",
          args,
          productFile: productFileOf(r.inputs.metadata.name),
        });
      }
    }
  }
}, 120_000);

describe("the runner protocol, as the example mesh's TransformJobs speak it", () => {
  it("emits a transform for every product of every stack", () => {
    expect(STACKS.length).toBeGreaterThan(0);
    expect(emitted.filter((e) => e.command === "transform").length).toBeGreaterThanOrEqual(STACKS.length);
  });

  it("reads every emitted command line back to the request that builds it (round trip)", () => {
    for (const e of emitted) {
      expect(e.args[0], e.stack).toBe(e.command);
      const request = parseRunnerCommand(e.command, e.args.slice(1));
      const args =
        e.command === "transform"
          ? transformArgs(request as TransformRequest)
          : stageArgs(request as StageRequest);
      expect(args, e.stack).toEqual(e.args);
      expect(parseRunnerCommand(e.command, args.slice(1)), e.stack).toStrictEqual(request);
      // The pod's declared memory limit travels with every command.
      expect(request.memory, e.stack).toMatch(/^[1-9][0-9]*(Mi|Gi)$/);
    }
  });

  it("writes a product file the runner reads, at the major it is told", () => {
    for (const e of emitted) {
      const parsed = parseRunnerProductFile(e.productFile);
      expect(parsed.success, `${e.stack}: ${JSON.stringify(!parsed.success && parsed.error.issues)}`).toBe(
        true,
      );
      if (!parsed.success) continue;
      const request = parseRunnerCommand(e.command, e.args.slice(1));
      expect(`${parsed.data.contract.domain}/${parsed.data.contract.product}`).toBe(request.product);
      expect(checkMajor(request, parsed.data.contract.version), e.stack).toBeUndefined();
    }
  });
});

describe("runnerProductFile", () => {
  it("holds each product's contract, raw records and incremental flag, and reads back the same", async () => {
    const mesh = validateMesh(await importDomains(fileURLToPath(new URL("../../domains/", import.meta.url))));
    expect(mesh.products.length).toBeGreaterThan(0);
    for (const model of mesh.products) {
      const file = runnerProductFile(model);
      expect(file.contract).toBe(model.contract);
      expect(file.incremental).toBe(model.declaration.transform.incremental);
      expect(file.raw).toEqual(model.raw);
      const parsed = parseRunnerProductFile(JSON.parse(JSON.stringify(file)));
      expect(parsed.success).toBe(true);
      expect(parsed.success && parsed.data).toEqual(JSON.parse(JSON.stringify(file)));
    }
  });
});

const request: TransformRequest = {
  product: "analytics/revenue-by-segment",
  major: 1,
  sql: "/etc/mesh/transform/transform.sql",
  productFile: "/etc/mesh/transform/product.json",
  staging: "s3://bucket/v1/",
  catalog: "glue:111111111111",
  table: "analytics_dev.revenue_by_segment_v2",
  reads: [
    { view: "orders__orders", table: "orders_dev.orders_v1" },
    { view: "customers__customers", table: "customers_dev.customers_v2_redacted" },
  ],
  memory: "1Gi",
};
const args = () => transformArgs(request).slice(1);
const usageError = (command: "transform" | "stage", argv: readonly string[]) => {
  try {
    parseRunnerCommand(command, argv);
  } catch (e) {
    expect(e).toBeInstanceOf(RunnerUsageError);
    return (e as Error).message;
  }
  throw new Error(`mesh ${command} ${argv.join(" ")} was accepted`);
};

describe("parseRunnerCommand", () => {
  it("round-trips a request with repeated reads and without the optional flags", () => {
    expect(parseRunnerCommand("transform", args())).toStrictEqual(request);
    const { staging: _s, memory: _m, ...minimal } = request;
    const bare: TransformRequest = { ...minimal, reads: [] };
    expect(transformArgs(bare)).not.toContain("--staging");
    expect(parseRunnerCommand("transform", transformArgs(bare).slice(1))).toStrictEqual(bare);
  });

  it("accepts --flag=value", () => {
    const argv = args();
    argv.splice(argv.indexOf("--major"), 2, "--major=1");
    expect(parseRunnerCommand("transform", argv)).toStrictEqual(request);
  });

  it("refuses an unknown flag, with the command's usage", () => {
    const message = usageError("transform", [...args(), "--contract", "/etc/mesh/transform/contract.json"]);
    expect(message).toBe(`usage: ${runnerSynopsis("transform")} (unknown option --contract)`);
    expect(message.startsWith("usage: mesh transform <domain>/<product> --major N --product FILE")).toBe(
      true,
    );
  });

  it("names every missing required flag", () => {
    expect(usageError("transform", ["orders/orders", "--sql", "x.sql"])).toMatch(
      /\(missing --major, --product, --catalog, --table\)$/,
    );
    expect(usageError("stage", ["orders/orders", "--major", "1"])).toBe(
      `usage: ${runnerSynopsis("stage")} (missing --product, --staging)`,
    );
  });

  it("refuses a bad value, a repeated single flag, and a missing or extra product", () => {
    const set = (flag: string, value: string) => {
      const a = args();
      a[a.indexOf(flag) + 1] = value;
      return a;
    };
    expect(usageError("transform", set("--major", "one"))).toMatch(
      /\(--major one: must be a whole number\)$/,
    );
    expect(usageError("transform", set("--memory", "1GB"))).toMatch(
      /\(--memory 1GB: must be a memory quantity/,
    );
    expect(usageError("transform", set("--read", "orders_dev.orders_v1"))).toMatch(
      /\(--read orders_dev\.orders_v1: expected VIEW=DATABASE\.TABLE\)$/,
    );
    expect(usageError("transform", [...args(), "--table", "a.b"])).toMatch(/\(--table given twice\)$/);
    expect(usageError("transform", [...args(), "--sql"])).toMatch(/\(--sql needs a value \(FILE\)\)$/);
    expect(usageError("transform", args().slice(1))).toMatch(/\(missing <domain>\/<product>\)$/);
    expect(usageError("transform", [...args(), "extra"])).toMatch(/\(expected one <domain>\/<product>, got/);
    expect(usageError("transform", ["orders", ...args().slice(1)])).toMatch(
      /\(orders: expected <domain>\/<product>\)$/,
    );
  });
});

describe("checkMajor", () => {
  it("accepts the product file of the major deployed and names the mismatch otherwise", () => {
    expect(checkMajor({ product: "orders/orders", major: 1 }, "1.4.0")).toBeUndefined();
    expect(checkMajor({ product: "orders/orders", major: 0 }, "0.9.1")).toBeUndefined();
    expect(checkMajor({ product: "orders/orders", major: 1 }, "2.0.0")).toBe(
      "--major 1: the product file is orders/orders version 2.0.0 (major 2)",
    );
    expect(checkMajor({ product: "orders/orders", major: 1 }, "x")).toMatch(/^--major 1: /);
  });
});

describe("runnerHelp", () => {
  it("documents every flag of both commands, from their description", () => {
    for (const command of ["transform", "stage"] as const) {
      const help = runnerHelp(command);
      expect(help.startsWith(`  mesh ${command} <domain>/<product> --major N`)).toBe(true);
      for (const f of RUNNER_COMMANDS[command].flags) {
        expect(help).toContain(`--${f.name} ${f.placeholder}`);
        expect(help).toContain(f.help);
      }
      for (const line of help.split("\n")) expect(line.length, line).toBeLessThanOrEqual(96);
    }
  });
});
