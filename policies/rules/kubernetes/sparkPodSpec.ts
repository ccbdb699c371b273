/**
 * The pods of a Spark operator application (`sparkoperator.k8s.io/v1beta2`), as pod-spec views.
 *
 * A SparkApplication (or the `spec.template` of a ScheduledSparkApplication) describes two pods, the
 * driver and the executors, in SparkPodSpecs rather than PodSpecs: the main container's settings sit
 * on the spec itself (`image`, `securityContext`, `cores`/`coreLimit`/`memory`, `env`), the pod's in
 * renamed fields (`podSecurityContext`, `serviceAccount`), volumes at the application level, and an
 * optional pod `template` supplies what Spark has no field for. Each role is assembled into a
 * Kubernetes-shaped view whose paths name the SparkApplication's own fields, so every pod-spec rule
 * applies unchanged and says which input to fix.
 *
 * Fields are read lazily (getters), so a rule reads only what it judges: an input unknown at preview
 * stops only the rules that need it.
 */
import { asArray, isRecord } from "../shared/resource.js";
import { type ContainerView, indexed, type PodSpecView, plainContainerView } from "./podView.js";

export const SPARK_APPLICATION = "kubernetes:sparkoperator.k8s.io/v1beta2:SparkApplication";
export const SCHEDULED_SPARK_APPLICATION =
  "kubernetes:sparkoperator.k8s.io/v1beta2:ScheduledSparkApplication";

/** Where each Spark operator kind keeps its SparkApplicationSpec. */
const APPLICATION_SPEC_PATHS: Record<string, readonly string[]> = {
  [SPARK_APPLICATION]: ["spec"],
  [SCHEDULED_SPARK_APPLICATION]: ["spec", "template"],
};
export const SPARK_APPLICATION_TYPES = Object.keys(APPLICATION_SPEC_PATHS);

export const SPARK_ROLES = ["driver", "executor"] as const;
export type SparkRole = (typeof SPARK_ROLES)[number];

/** Names Spark gives the main container of each pod. */
const MAIN_CONTAINER: Record<SparkRole, string> = {
  driver: "spark-kubernetes-driver",
  executor: "spark-kubernetes-executor",
};
/** The Spark property naming a role's service account when its spec does not. */
const SERVICE_ACCOUNT_CONF: Record<SparkRole, string> = {
  driver: "spark.kubernetes.authenticate.driver.serviceAccountName",
  executor: "spark.kubernetes.authenticate.executor.serviceAccountName",
};

/** The SparkApplicationSpec of a SparkApplication or ScheduledSparkApplication, with its input path. */
export function sparkApplicationSpecOf(
  type: string,
  props: Record<string, any>,
): { spec: Record<string, any>; path: string } | undefined {
  const path = APPLICATION_SPEC_PATHS[type];
  if (!path) return undefined;
  let spec: any = props;
  for (const key of path) spec = isRecord(spec) ? spec[key] : undefined;
  return isRecord(spec) ? { spec, path: path.join(".") } : undefined;
}

/** The driver and executor pods of a Spark application; none when the resource has no application spec. */
export function sparkPodSpecs(type: string, props: Record<string, any>): PodSpecView[] {
  const app = sparkApplicationSpecOf(type, props);
  if (!app) return [];
  return SPARK_ROLES.map((role) => sparkPodView(app.spec, app.path, role));
}

const recordOr = (value: unknown): Record<string, any> => (isRecord(value) ? value : {});

/** Several input lists read as one, remembering where each element came from. */
function joined(...parts: [items: unknown, pathOf: (i: number) => string][]) {
  const items: any[] = [];
  const paths: string[] = [];
  for (const [list, pathOf] of parts) {
    asArray(list as unknown[]).forEach((item, i) => {
      items.push(item);
      paths.push(pathOf(i));
    });
  }
  return { items, pathOf: (i: number) => paths[i] ?? "" };
}

/** Defines lazily computed, enumerable properties on `target`. */
function lazily<T extends object>(target: T, getters: Record<string, () => unknown>): T {
  for (const [key, get] of Object.entries(getters)) {
    Object.defineProperty(target, key, { get, enumerable: true, configurable: true });
  }
  return target;
}

/** The Spark properties under `prefix`, keyed by the rest of their name. */
function confPrefixed(sparkConf: unknown, prefix: string): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(recordOr(sparkConf))) {
    if (key.startsWith(prefix) && key.length > prefix.length) found[key.slice(prefix.length)] = value;
  }
  return found;
}

/**
 * The volumes Spark's own properties mount into a role's pod
 * (`spark.kubernetes.<role>.volumes.<type>.<name>.mount.path`, …), which no SparkPodSpec field shows:
 * a hostPath declared there is a hostPath all the same. Spark's type names are the PodSpec's.
 */
function confVolumes(sparkConf: unknown, role: SparkRole, base: string) {
  const volumes = new Map<string, { volume: Record<string, any>; path: string }>();
  for (const key of Object.keys(confPrefixed(sparkConf, `spark.kubernetes.${role}.volumes.`))) {
    const [type, name] = key.split(".");
    if (!type || !name || volumes.has(`${type}.${name}`)) continue;
    const path = `${base}.sparkConf["spark.kubernetes.${role}.volumes.${key}"]`;
    volumes.set(`${type}.${name}`, { volume: { name, [type]: {} }, path });
  }
  return [...volumes.values()];
}

function sparkPodView(app: Record<string, any>, base: string, role: SparkRole): PodSpecView {
  const rolePath = `${base}.${role}`;
  // An absent driver or executor spec means Spark's defaults, which the rules then judge.
  const pod = recordOr(app[role]);
  const templatePath = `${rolePath}.template`;
  const template = () => recordOr(pod.template);
  const templateSpec = () => recordOr(template().spec);
  const volumes = () => {
    const fromConf = confVolumes(app.sparkConf, role, base);
    return joined(
      [app.volumes, (i) => `${base}.volumes[${i}]`],
      [templateSpec().volumes, (i) => `${templatePath}.spec.volumes[${i}]`],
      [fromConf.map((v) => v.volume), (i) => fromConf[i]?.path ?? `${base}.sparkConf`],
    );
  };

  // Pod-level fields; anything else a rule reads comes from the pod template, if there is one.
  const spec = lazily(Object.create(null) as Record<string, any>, {
    securityContext: () => pod.podSecurityContext ?? templateSpec().securityContext,
    serviceAccountName: () =>
      pod.serviceAccount ??
      recordOr(app.sparkConf)[SERVICE_ACCOUNT_CONF[role]] ??
      templateSpec().serviceAccountName ??
      templateSpec().serviceAccount,
    serviceAccount: () => undefined,
    hostNetwork: () => pod.hostNetwork ?? templateSpec().hostNetwork,
    hostPID: () => templateSpec().hostPID,
    hostIPC: () => templateSpec().hostIPC,
    os: () => templateSpec().os,
    volumes: () => volumes().items,
  });

  const at = (field: string, index?: number): string => {
    switch (field) {
      case "securityContext":
        return pod.podSecurityContext !== undefined || templateSpec().securityContext === undefined
          ? `${rolePath}.podSecurityContext`
          : `${templatePath}.spec.securityContext`;
      case "serviceAccountName":
      case "serviceAccount":
        return `${rolePath}.serviceAccount`;
      case "hostNetwork":
        return pod.hostNetwork !== undefined || templateSpec().hostNetwork === undefined
          ? `${rolePath}.hostNetwork`
          : `${templatePath}.spec.hostNetwork`;
      case "volumes":
        return index === undefined ? `${base}.volumes` : volumes().pathOf(index);
      default:
        return `${templatePath}.spec.${indexed(field, index)}`;
    }
  };

  let containers: ContainerView[] | undefined;
  const view: PodSpecView = {
    spec,
    metadata: lazily(
      {},
      {
        labels: () => ({ ...recordOr(recordOr(template().metadata).labels), ...recordOr(pod.labels) }),
        // Spark applies the template's, then its own properties'; the operator patches its field last.
        annotations: () => ({
          ...recordOr(recordOr(template().metadata).annotations),
          ...confPrefixed(app.sparkConf, `spark.kubernetes.${role}.annotation.`),
          ...recordOr(pod.annotations),
        }),
      },
    ),
    path: rolePath,
    at,
    annotationAt: (key) => {
      const confKey = `spark.kubernetes.${role}.annotation.${key}`;
      if (recordOr(pod.annotations)[key] === undefined) {
        if (recordOr(app.sparkConf)[confKey] !== undefined) return `${base}.sparkConf["${confKey}"]`;
        if (recordOr(recordOr(template().metadata).annotations)[key] !== undefined)
          return `${templatePath}.metadata.annotations["${key}"]`;
      }
      return `${rolePath}.annotations["${key}"]`;
    },
    get containers() {
      containers ??= sparkContainers(app, base, role, pod, templatePath, templateSpec());
      return containers;
    },
  };
  return view;
}

function sparkContainers(
  app: Record<string, any>,
  base: string,
  role: SparkRole,
  pod: Record<string, any>,
  templatePath: string,
  templateSpec: Record<string, any>,
): ContainerView[] {
  const rolePath = `${base}.${role}`;
  // Spark builds its container on the template's first container.
  const templateContainers = asArray(templateSpec.containers);
  const templateMain = recordOr(templateContainers[0]);
  const templateMainPath = `${templatePath}.spec.containers[0]`;
  const env = () =>
    joined(
      [pod.env, (i) => `${rolePath}.env[${i}]`],
      [
        Object.entries(recordOr(pod.envVars)).map(([name, value]) => ({ name, value })),
        () => `${rolePath}.envVars`,
      ],
      [templateMain.env, (i) => `${templateMainPath}.env[${i}]`],
    );
  const ports = () =>
    joined(
      [pod.ports, (i) => `${rolePath}.ports[${i}]`],
      [templateMain.ports, (i) => `${templateMainPath}.ports[${i}]`],
    );
  const ownSecurity = () => pod.securityContext !== undefined || templateMain.securityContext === undefined;
  const ownLifecycle = () => pod.lifecycle !== undefined || templateMain.lifecycle === undefined;

  const main = lazily({ name: MAIN_CONTAINER[role] } as Record<string, any>, {
    image: () => pod.image ?? app.image ?? templateMain.image,
    securityContext: () => (ownSecurity() ? pod.securityContext : templateMain.securityContext),
    env: () => env().items,
    ports: () => ports().items,
    // The operator sets the lifecycle from the SparkPodSpec; probes only a pod template can carry.
    lifecycle: () => (ownLifecycle() ? pod.lifecycle : templateMain.lifecycle),
    livenessProbe: () => templateMain.livenessProbe,
    readinessProbe: () => templateMain.readinessProbe,
    startupProbe: () => templateMain.startupProbe,
    // Spark sets the pod's cpu request from coreRequest (else cores), its cpu limit from coreLimit,
    // and memory request and limit alike from memory (plus overhead).
    resources: () => ({
      requests: { cpu: pod.coreRequest ?? pod.cores, memory: pod.memory },
      limits: { cpu: pod.coreLimit, memory: pod.memory },
    }),
  });
  const mainAt = (field: string, index?: number): string => {
    if (field === "securityContext" || field.startsWith("securityContext.")) {
      return `${ownSecurity() ? rolePath : templateMainPath}.${field}`;
    }
    if (field === "lifecycle" || field.startsWith("lifecycle.")) {
      return `${ownLifecycle() ? rolePath : templateMainPath}.${field}`;
    }
    if (field.endsWith("Probe") || field.includes("Probe.")) return `${templateMainPath}.${field}`;
    switch (field) {
      case "image":
        if (pod.image !== undefined) return `${rolePath}.image`;
        return app.image === undefined && templateMain.image !== undefined
          ? `${templateMainPath}.image`
          : `${base}.image`;
      case "env":
        return index === undefined ? `${rolePath}.env` : env().pathOf(index);
      case "ports":
        return index === undefined ? `${rolePath}.ports` : ports().pathOf(index);
      case "resources":
        return rolePath;
      case "resources.requests.cpu":
        return pod.coreRequest !== undefined ? `${rolePath}.coreRequest` : `${rolePath}.cores`;
      case "resources.limits.cpu":
        return `${rolePath}.coreLimit`;
      case "resources.requests.memory":
      case "resources.limits.memory":
        return `${rolePath}.memory`;
      default:
        return `${rolePath}.${indexed(field, index)}`;
    }
  };

  const views: ContainerView[] = [{ container: main, list: "containers", path: rolePath, at: mainAt }];
  const add = (list: ContainerView["list"], items: unknown, pathOf: (i: number) => string, from = 0) => {
    asArray(items as unknown[]).forEach((c, i) => {
      if (i >= from && isRecord(c)) views.push(plainContainerView(c, list, pathOf(i)));
    });
  };
  add("containers", pod.sidecars, (i) => `${rolePath}.sidecars[${i}]`);
  add("containers", templateContainers, (i) => `${templatePath}.spec.containers[${i}]`, 1);
  add("initContainers", pod.initContainers, (i) => `${rolePath}.initContainers[${i}]`);
  add("initContainers", templateSpec.initContainers, (i) => `${templatePath}.spec.initContainers[${i}]`);
  return views;
}
