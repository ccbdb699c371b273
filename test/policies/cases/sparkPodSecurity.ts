/**
 * The newest Pod Security Standards checks on the Spark operator's pods: host in the probes and
 * lifecycle hooks of the main container (from the SparkPodSpec or its pod template), of sidecars and
 * of template containers; ulimits on any container; and the Windows exemptions read from the pod
 * template's \`os\`.
 */
import type { RuleCases } from "../harness.js";
import { at, complies, violates } from "./sparkCases.js";

/** The main container of a role's pod template, created (with the template) for the scenario. */
const templateMain = (a: Record<string, any>, role: "driver" | "executor") => {
  a[role].template ??= {};
  a[role].template.spec ??= {};
  a[role].template.spec.containers = [{ name: `spark-kubernetes-${role}` }];
  return a[role].template.spec.containers[0];
};

export const sparkPodSecurityCases: RuleCases[] = [
  {
    rule: "k8s-no-probe-host",
    violating: [
      ...violates(
        "a driver preStop hook naming a host",
        at(String.raw`driver\.lifecycle\.preStop\.httpGet\.host: "169\.254\.169\.254"`),
        (a) => {
          a.driver.lifecycle = { preStop: { httpGet: { host: "169.254.169.254", port: 80 } } };
        },
      ),
      ...violates(
        "a liveness probe on the driver's main container in its pod template",
        at(String.raw`driver\.template\.spec\.containers\[0\]\.livenessProbe\.tcpSocket\.host`),
        (a) => {
          templateMain(a, "driver").livenessProbe = { tcpSocket: { host: "10.0.0.1", port: 10250 } };
        },
      ),
      ...violates(
        "an executor sidecar's readiness probe host",
        at(String.raw`executor\.sidecars\[0\]\.readinessProbe\.httpGet\.host`),
        (a) => {
          a.executor.sidecars = [
            { name: "proxy", image: "envoy:1.30.1", readinessProbe: { httpGet: { host: "x", port: 1 } } },
          ];
        },
      ),
    ],
    compliant: complies("hooks and probes on the pod's own address", (a) => {
      a.driver.lifecycle = { preStop: { exec: { command: ["/bin/true"] } } };
      templateMain(a, "executor").startupProbe = { httpGet: { port: 4040, path: "/" } };
    }),
  },
  {
    rule: "k8s-no-container-ulimits",
    violating: violates(
      "an executor raising nofile",
      at(String.raw`executor\.securityContext\.ulimits: set`),
      (a) => {
        a.executor.securityContext.ulimits = { nofile: { soft: 65536, hard: 65536 } };
      },
    ),
    compliant: complies("the platform's application"),
  },
  {
    rule: "k8s-no-privilege-escalation",
    violating: violates(
      "a driver template declaring Windows yet allowing escalation",
      at(String.raw`driver\.securityContext\.allowPrivilegeEscalation: must be false`),
      (a) => {
        a.driver.template.spec.os = { name: "windows" };
        a.driver.securityContext.allowPrivilegeEscalation = true;
      },
    ),
    compliant: complies("a Windows driver template leaving it unset", (a) => {
      a.driver.template.spec.os = { name: "windows" };
      delete a.driver.securityContext.allowPrivilegeEscalation;
    }),
  },
  {
    rule: "k8s-restricted-volume-types",
    violating: violates(
      "a hostPath the executor mounts through Spark's own volume properties",
      at(
        String.raw`sparkConf\["spark\.kubernetes\.executor\.volumes\.hostPath\.docker\.mount\.path"\]\.hostPath: volume type not allowed`,
      ),
      (a) => {
        a.sparkConf["spark.kubernetes.executor.volumes.hostPath.docker.mount.path"] = "/var/run/docker.sock";
        a.sparkConf["spark.kubernetes.executor.volumes.hostPath.docker.options.path"] =
          "/var/run/docker.sock";
      },
    ),
    compliant: complies("a claim mounted through Spark's volume properties", (a) => {
      a.sparkConf["spark.kubernetes.driver.volumes.persistentVolumeClaim.data.mount.path"] = "/data";
      a.sparkConf["spark.kubernetes.driver.volumes.persistentVolumeClaim.data.options.claimName"] = "data";
    }),
  },
  {
    rule: "k8s-apparmor-not-unconfined",
    violating: violates(
      "an unconfined AppArmor annotation set through a Spark property",
      at(
        String.raw`sparkConf\["spark\.kubernetes\.driver\.annotation\.container\.apparmor\.security\.beta\.kubernetes\.io\/spark-kubernetes-driver"\]: "unconfined"`,
      ),
      (a) => {
        a.sparkConf[
          "spark.kubernetes.driver.annotation.container.apparmor.security.beta.kubernetes.io/spark-kubernetes-driver"
        ] = "unconfined";
      },
    ),
    compliant: complies("a runtime/default annotation set through a Spark property", (a) => {
      a.sparkConf[
        "spark.kubernetes.executor.annotation.container.apparmor.security.beta.kubernetes.io/spark-kubernetes-executor"
      ] = "runtime/default";
    }),
  },
];
