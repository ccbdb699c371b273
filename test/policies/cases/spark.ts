/**
 * The Kubernetes rules on the Spark operator's kinds: each pod-spec rule sees the driver and the
 * executor of a SparkApplication and of a ScheduledSparkApplication's template, and names the
 * SparkApplication's own fields; the schedule and retry rules read their Spark equivalents.
 */
import type { RuleCases } from "../harness.js";
import { restrictedSparkApp, sparkWorkload } from "../sparkFixtures.js";
import { at, complies, violates } from "./sparkCases.js";
import { sparkPodSecurityCases } from "./sparkPodSecurity.js";

export const sparkCases: RuleCases[] = [
  ...sparkPodSecurityCases,
  {
    rule: "k8s-no-privileged",
    violating: [
      ...violates("a privileged driver", at(String.raw`driver\.securityContext\.privileged: true`), (a) => {
        a.driver.securityContext.privileged = true;
      }),
      ...violates(
        "a privileged executor sidecar",
        at(String.raw`executor\.sidecars\[0\]\.securityContext\.privileged`),
        (a) => {
          a.executor.sidecars = [
            { name: "proxy", image: "envoy:1.30.1", securityContext: { privileged: true } },
          ];
        },
      ),
      ...violates(
        "a privileged container in the driver's pod template",
        at(String.raw`driver\.template\.spec\.containers\[1\]\.securityContext\.privileged`),
        (a) => {
          a.driver.template.spec.containers = [
            { name: "spark-kubernetes-driver" },
            { name: "debug", image: "busybox:1.36", securityContext: { privileged: true } },
          ];
        },
      ),
    ],
    compliant: complies("the platform's application"),
  },
  {
    rule: "k8s-run-as-non-root",
    violating: violates(
      "an executor running as root",
      at(String.raw`executor\.securityContext\.runAsNonRoot: not true`),
      (a) => {
        a.executor.podSecurityContext.runAsNonRoot = false;
        delete a.executor.securityContext.runAsNonRoot;
      },
    ),
    compliant: complies("runAsNonRoot on the pod only", (a) => {
      delete a.driver.securityContext.runAsNonRoot;
    }),
  },
  {
    rule: "k8s-run-as-non-zero-uid",
    violating: violates(
      "executor runAsUser 0",
      at(String.raw`executor\.podSecurityContext\.runAsUser: 0 is root`),
      (a) => {
        a.executor.podSecurityContext.runAsUser = 0;
      },
    ),
    compliant: complies("the platform's application"),
  },
  {
    rule: "k8s-image-pinned",
    violating: [
      ...violates(
        "an application image tagged latest",
        at(String.raw`image: "apache\/spark:latest" is not pinned`),
        (a) => {
          a.image = "apache/spark:latest";
        },
      ),
      ...violates(
        "an unpinned driver image",
        at(String.raw`driver\.image: "apache\/spark" is not pinned`),
        (a) => {
          a.driver.image = "apache/spark";
        },
      ),
    ],
    compliant: [
      ...complies("a pinned application image"),
      {
        name: "a digest when requireDigest is set",
        resources: () => [sparkWorkload("ScheduledSparkApplication", restrictedSparkApp())],
        config: { requireDigest: true },
      },
    ],
  },
  {
    rule: "k8s-capabilities-drop-all",
    violating: violates(
      "a driver keeping its capabilities",
      at(String.raw`driver\.securityContext\.capabilities\.drop`),
      (a) => {
        delete a.driver.securityContext.capabilities;
      },
    ),
    compliant: complies("the platform's application"),
  },
  {
    rule: "k8s-no-privilege-escalation",
    violating: violates(
      "an executor allowing it",
      at(String.raw`executor\.securityContext\.allowPrivilegeEscalation`),
      (a) => {
        a.executor.securityContext.allowPrivilegeEscalation = true;
      },
    ),
    compliant: complies("the platform's application"),
  },
  {
    rule: "k8s-seccomp-runtime-default",
    violating: violates(
      "no profile on the driver",
      at(String.raw`driver\.securityContext\.seccompProfile: unset`),
      (a) => {
        delete a.driver.securityContext.seccompProfile;
        delete a.driver.podSecurityContext.seccompProfile;
      },
    ),
    compliant: complies("RuntimeDefault on the pod only", (a) => {
      delete a.executor.securityContext.seccompProfile;
    }),
  },
  {
    rule: "k8s-no-host-namespaces",
    violating: [
      ...violates("a driver on the host network", at(String.raw`driver\.hostNetwork: true`), (a) => {
        a.driver.hostNetwork = true;
      }),
      ...violates(
        "hostPID in the driver's pod template",
        at(String.raw`driver\.template\.spec\.hostPID: true`),
        (a) => {
          a.driver.template.spec.hostPID = true;
        },
      ),
    ],
    compliant: complies("hostNetwork false", (a) => {
      a.executor.hostNetwork = false;
    }),
  },
  {
    rule: "k8s-restricted-volume-types",
    violating: violates(
      "a hostPath volume",
      at(String.raw`volumes\[2\]\.hostPath: volume type not allowed`),
      (a) => {
        a.volumes.push({ name: "host", hostPath: { path: "/var/run" } });
      },
    ),
    compliant: complies("configMap and emptyDir volumes"),
  },
  {
    rule: "k8s-resources-requests-and-limits",
    violating: violates(
      "an executor without a CPU limit",
      at(String.raw`executor\.coreLimit: unset, so the pod has no limits\.cpu; set it\.`),
      (a) => {
        delete a.executor.coreLimit;
      },
    ),
    compliant: complies("cores as the request, without coreRequest", (a) => {
      delete a.driver.coreRequest;
    }),
  },
  {
    rule: "k8s-not-default-service-account",
    violating: [
      ...violates(
        "executors without a service account",
        at(String.raw`executor\.serviceAccount: unset`),
        (a) => {
          delete a.executor.serviceAccount;
        },
      ),
      ...violates("a driver under default", at(String.raw`driver\.serviceAccount: "default"`), (a) => {
        a.driver.serviceAccount = "default";
      }),
    ],
    compliant: complies("the executors' account from sparkConf", (a) => {
      a.sparkConf["spark.kubernetes.authenticate.executor.serviceAccountName"] = a.executor.serviceAccount;
      delete a.executor.serviceAccount;
    }),
  },
  {
    rule: "k8s-no-plaintext-secret-env",
    violating: [
      ...violates(
        "a literal token in the driver's env",
        at(String.raw`driver\.env\[2\] \(API_TOKEN\): literal value`),
        (a) => {
          a.driver.env.push({ name: "API_TOKEN", value: "hunter2" });
        },
      ),
      ...violates(
        "a literal key in the executor's envVars",
        at(String.raw`executor\.envVars \(AWS_SECRET_ACCESS_KEY\)`),
        (a) => {
          a.executor.envVars = { AWS_SECRET_ACCESS_KEY: "x" };
        },
      ),
    ],
    compliant: complies("a secretKeyRef", (a) => {
      a.driver.env.push({ name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "api", key: "token" } } });
    }),
  },
  {
    rule: "k8s-no-host-ports",
    violating: violates(
      "a sidecar binding a host port",
      at(String.raw`driver\.sidecars\[0\]\.ports\[0\]\.hostPort: 9090`),
      (a) => {
        a.driver.sidecars = [
          { name: "metrics", image: "exporter:1.0", ports: [{ containerPort: 9090, hostPort: 9090 }] },
        ];
      },
    ),
    compliant: complies("driver ports", (a) => {
      a.driver.ports = [{ name: "ui", protocol: "TCP", containerPort: 4040 }];
    }),
  },
  {
    rule: "k8s-apparmor-not-unconfined",
    violating: violates(
      "an unconfined annotation on the driver",
      at(
        String.raw`driver\.annotations\["container\.apparmor\.security\.beta\.kubernetes\.io\/spark-kubernetes-driver"\]`,
      ),
      (a) => {
        a.driver.annotations = {
          "container.apparmor.security.beta.kubernetes.io/spark-kubernetes-driver": "unconfined",
        };
      },
    ),
    compliant: complies("RuntimeDefault", (a) => {
      a.executor.securityContext.appArmorProfile = { type: "RuntimeDefault" };
    }),
  },
  {
    rule: "k8s-selinux-options-restricted",
    violating: violates(
      "a custom user on the executor pod",
      at(String.raw`executor\.podSecurityContext\.seLinuxOptions: user "system_u"`),
      (a) => {
        a.executor.podSecurityContext.seLinuxOptions = { user: "system_u" };
      },
    ),
    compliant: complies("the platform's application"),
  },
  {
    rule: "k8s-safe-sysctls-only",
    violating: violates(
      "kernel.msgmax on the driver pod",
      at(String.raw`driver\.podSecurityContext\.sysctls\[0\]\.name: "kernel\.msgmax"`),
      (a) => {
        a.driver.podSecurityContext.sysctls = [{ name: "kernel.msgmax", value: "65536" }];
      },
    ),
    compliant: complies("the platform's application"),
  },
  {
    rule: "k8s-default-proc-mount",
    violating: violates(
      "Unmasked on the executor",
      at(String.raw`executor\.securityContext\.procMount: "Unmasked"`),
      (a) => {
        a.executor.securityContext.procMount = "Unmasked";
      },
    ),
    compliant: complies("the platform's application"),
  },
  {
    rule: "k8s-not-default-namespace",
    violating: [
      {
        name: "a ScheduledSparkApplication in default",
        resources: () => {
          const app = sparkWorkload("ScheduledSparkApplication", restrictedSparkApp());
          app.inputs.metadata.namespace = "default";
          return [app];
        },
        message: /^metadata\.namespace: "default"/,
      },
    ],
    compliant: complies("the domain namespace"),
  },
  {
    rule: "k8s-cronjob-concurrency-policy",
    violating: [
      {
        name: "a ScheduledSparkApplication allowing overlapping runs",
        resources: () => {
          const app = sparkWorkload("ScheduledSparkApplication", restrictedSparkApp());
          app.inputs.spec.concurrencyPolicy = "Allow";
          return [app];
        },
        message: /^spec\.concurrencyPolicy: "Allow"/,
      },
      {
        name: "a ScheduledSparkApplication without a policy",
        resources: () => {
          const app = sparkWorkload("ScheduledSparkApplication", restrictedSparkApp());
          delete app.inputs.spec.concurrencyPolicy;
          return [app];
        },
        message: /^spec\.concurrencyPolicy: unset \(means "Allow"\)/,
      },
    ],
    compliant: [
      { name: "Forbid", resources: () => [sparkWorkload("ScheduledSparkApplication", restrictedSparkApp())] },
      {
        name: "a SparkApplication (not applicable)",
        resources: () => [sparkWorkload("SparkApplication", restrictedSparkApp())],
      },
    ],
  },
  {
    rule: "k8s-job-backoff-limit",
    violating: [
      ...violates(
        "restartPolicy Always",
        at(String.raw`restartPolicy\.type: "Always" retries without limit`),
        (a) => {
          a.restartPolicy = { type: "Always" };
        },
      ),
      ...violates("no restartPolicy", at(String.raw`restartPolicy\.type: unset`), (a) => {
        delete a.restartPolicy;
      }),
      ...violates(
        "OnFailure without retry counts",
        at(String.raw`restartPolicy\.on(Submission)?FailureRetries: unset`),
        (a) => {
          a.restartPolicy = { type: "OnFailure" };
        },
      ),
    ],
    compliant: [
      ...complies("OnFailure with retry counts"),
      ...complies("Never", (a) => {
        a.restartPolicy = { type: "Never" };
      }),
    ],
  },
  {
    rule: "k8s-governance-labels",
    violating: [
      {
        name: "a ScheduledSparkApplication without labels",
        resources: () => {
          const app = sparkWorkload("ScheduledSparkApplication", restrictedSparkApp());
          delete app.inputs.metadata.labels;
          return [app];
        },
        environment: "prod",
        message: /^metadata\.labels: missing datamesh\.io\/domain/,
      },
    ],
    compliant: complies("the governance labels"),
  },
];
