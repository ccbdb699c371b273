/**
 * Pods failing each upstream Pod Security Admission check, after upstream's own failing fixtures
 * (staging/src/k8s.io/pod-security-admission/test/fixtures_<check>.go): as a mutation of the
 * restricted pod spec, and as a mutation of the platform's Spark application.
 */
type Spec = Record<string, any>;
export interface UpstreamFailure {
  mutate: (spec: Spec) => void;
  podAnnotations?: Record<string, string>;
}
const main = (spec: Spec) => spec.containers[0];
const initContainer = (spec: Spec) => spec.initContainers[0];

/** One pod per check that upstream's fixtures list as failing it, as a mutation of the restricted spec. */
export const UPSTREAM_FAILURES: Record<string, UpstreamFailure> = {
  hostNamespaces: {
    mutate: (s) => {
      s.hostPID = true;
    },
  },
  privileged: {
    mutate: (s) => {
      initContainer(s).securityContext.privileged = true;
    },
  },
  windowsHostProcess: {
    mutate: (s) => {
      main(s).securityContext.windowsOptions = { hostProcess: true };
    },
  },
  capabilities_baseline: {
    mutate: (s) => {
      main(s).securityContext.capabilities.add = ["NET_RAW"];
    },
  },
  hostPathVolumes: {
    mutate: (s) => {
      s.volumes.push({ name: "h", hostPath: { path: "/" } });
    },
  },
  hostPorts: {
    mutate: (s) => {
      main(s).ports = [{ containerPort: 80, hostPort: 80 }];
    },
  },
  appArmorProfile: {
    mutate: () => {},
    podAnnotations: { "container.apparmor.security.beta.kubernetes.io/transform": "unconfined" },
  },
  seLinuxOptions: {
    mutate: (s) => {
      s.securityContext.seLinuxOptions = { type: "spc_t" };
    },
  },
  procMount: {
    mutate: (s) => {
      main(s).securityContext.procMount = "Unmasked";
    },
  },
  seccompProfile_baseline: {
    mutate: (s) => {
      initContainer(s).securityContext.seccompProfile = { type: "Unconfined" };
    },
  },
  sysctls: {
    mutate: (s) => {
      s.securityContext.sysctls = [{ name: "othersysctl", value: "other" }];
    },
  },
  hostProbesAndHostLifecycle: {
    mutate: (s) => {
      main(s).readinessProbe = { httpGet: { host: "bad.host", port: 8080 } };
    },
  },
  ulimits: {
    mutate: (s) => {
      initContainer(s).securityContext.ulimits = { core: { soft: 1, hard: 1 } };
    },
  },
  restrictedVolumes: {
    mutate: (s) => {
      s.volumes.push({ name: "g", gitRepo: { repository: "https://example.com/r.git" } });
    },
  },
  allowPrivilegeEscalation: {
    mutate: (s) => {
      delete main(s).securityContext.allowPrivilegeEscalation;
    },
  },
  runAsNonRoot: {
    mutate: (s) => {
      s.securityContext.runAsNonRoot = false;
    },
  },
  runAsUser: {
    mutate: (s) => {
      initContainer(s).securityContext.runAsUser = 0;
    },
  },
  seccompProfile_restricted: {
    mutate: (s) => {
      delete s.securityContext.seccompProfile;
    },
  },
  capabilities_restricted: {
    mutate: (s) => {
      main(s).securityContext.capabilities = { drop: ["NET_RAW"] };
    },
  },
  procMount_restricted: {
    mutate: (s) => {
      initContainer(s).securityContext.procMount = "Unmasked";
    },
  },
  cgroupOptions_restricted: {
    mutate: (s) => {
      initContainer(s).securityContext.cgroupOptions = { mountMode: "Writable" };
    },
  },
};

type App = Record<string, any>;

/**
 * The same failures in a Spark application's driver or executor, set through the SparkPodSpec's own
 * fields (or its pod template where Spark has no field), for every check.
 */
export const SPARK_FAILURES: Record<string, (app: App) => void> = {
  hostNamespaces: (a) => {
    a.driver.hostNetwork = true;
  },
  privileged: (a) => {
    a.executor.securityContext.privileged = true;
  },
  windowsHostProcess: (a) => {
    a.driver.podSecurityContext.windowsOptions = { hostProcess: true };
  },
  capabilities_baseline: (a) => {
    a.driver.securityContext.capabilities.add = ["NET_RAW"];
  },
  hostPathVolumes: (a) => {
    a.volumes.push({ name: "h", hostPath: { path: "/" } });
  },
  hostPorts: (a) => {
    a.driver.template.spec.containers = [
      { name: "spark-kubernetes-driver", ports: [{ containerPort: 4040, hostPort: 4040 }] },
    ];
  },
  appArmorProfile: (a) => {
    a.executor.annotations = {
      "container.apparmor.security.beta.kubernetes.io/spark-kubernetes-executor": "unconfined",
    };
  },
  seLinuxOptions: (a) => {
    a.executor.podSecurityContext.seLinuxOptions = { user: "system_u" };
  },
  procMount: (a) => {
    a.driver.securityContext.procMount = "Unmasked";
  },
  seccompProfile_baseline: (a) => {
    a.executor.securityContext.seccompProfile = { type: "Unconfined" };
  },
  sysctls: (a) => {
    a.driver.podSecurityContext.sysctls = [{ name: "othersysctl", value: "other" }];
  },
  hostProbesAndHostLifecycle: (a) => {
    a.driver.lifecycle = { preStop: { httpGet: { host: "bad.host", port: 8080 } } };
  },
  ulimits: (a) => {
    a.executor.securityContext.ulimits = { nofile: { soft: 1, hard: 1 } };
  },
  restrictedVolumes: (a) => {
    a.sparkConf["spark.kubernetes.executor.volumes.nfs.data.mount.path"] = "/data";
  },
  allowPrivilegeEscalation: (a) => {
    delete a.driver.securityContext.allowPrivilegeEscalation;
  },
  runAsNonRoot: (a) => {
    a.executor.podSecurityContext.runAsNonRoot = false;
    delete a.executor.securityContext.runAsNonRoot;
  },
  runAsUser: (a) => {
    a.driver.podSecurityContext.runAsUser = 0;
  },
  seccompProfile_restricted: (a) => {
    delete a.driver.podSecurityContext.seccompProfile;
    delete a.driver.securityContext.seccompProfile;
  },
  capabilities_restricted: (a) => {
    a.executor.securityContext.capabilities = { drop: ["NET_RAW"] };
  },
  procMount_restricted: (a) => {
    a.executor.securityContext.procMount = "Unmasked";
  },
  cgroupOptions_restricted: (a) => {
    a.driver.securityContext.cgroupOptions = { mountMode: "Writable" };
  },
};
