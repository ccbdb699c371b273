import { governanceLabels, restrictedPodSpec, workload } from "../fixtures.js";
import { type RuleCases, resource } from "../harness.js";
import { complies, debugContainer, first, init, unchanged, violates } from "./podCases.js";
import { podSecurityCases } from "./podSecurity.js";

/** A field path of the pod spec, anchored at the start of the message: in a Pod, a Job or a CronJob. */
const inPod = (field: string, rest: string) =>
  new RegExp(String.raw`^spec\.((jobTemplate\.spec\.)?template\.spec\.)?${field}${rest}`);

/** A CronJob that sets no spec at all: hostile input the CronJob rules must still judge. */
const cronJobWithoutSpec = () =>
  resource("kubernetes:batch/v1:CronJob", { metadata: { name: "orders-v1", namespace: "sales" } });

export const kubernetesCases: RuleCases[] = [
  ...podSecurityCases,
  {
    rule: "k8s-no-privileged",
    violating: [
      ...violates("a privileged container", /containers\[0\]\.securityContext\.privileged: true/, (s) => {
        first(s).securityContext.privileged = true;
      }),
      ...violates(
        "a privileged ephemeral container",
        /ephemeralContainers\[0\]\.securityContext\.privileged/,
        (s) => {
          s.ephemeralContainers = [debugContainer({ privileged: true })];
        },
      ),
      ...violates("a HostProcess pod", /spec\.securityContext\.windowsOptions\.hostProcess: true/, (s) => {
        s.securityContext.windowsOptions = { hostProcess: true };
      }),
      ...violates(
        "a HostProcess container",
        inPod(
          String.raw`containers\[0\]\.securityContext\.windowsOptions\.hostProcess`,
          String.raw`: true; remove it\.$`,
        ),
        (s) => {
          first(s).securityContext.windowsOptions = { hostProcess: true };
        },
      ),
    ],
    compliant: [
      ...complies("the restricted spec"),
      ...complies("a pod without a securityContext", (s) => {
        delete s.securityContext;
      }),
    ],
  },
  {
    rule: "k8s-no-host-namespaces",
    violating: [
      ...violates("hostNetwork", /spec\.hostNetwork: true/, (s) => {
        s.hostNetwork = true;
      }),
      ...violates("hostPID and hostIPC", /spec\.host(PID|IPC): true/, (s) => {
        s.hostPID = true;
        s.hostIPC = true;
      }),
    ],
    compliant: complies("explicit false", (s) => {
      s.hostNetwork = false;
    }),
  },
  {
    rule: "k8s-restricted-volume-types",
    violating: [
      ...violates("a hostPath volume", /volumes\[2\]\.hostPath: volume type not allowed/, (s) => {
        s.volumes.push({ name: "host", hostPath: { path: "/var/run" } });
      }),
      ...violates("an nfs volume (baseline-allowed, not restricted)", /volumes\[2\]\.nfs/, (s) => {
        s.volumes.push({ name: "n", nfs: { server: "x", path: "/" } });
      }),
      ...violates(
        "an image volume (stricter than upstream: its image is not pin-checked)",
        /volumes\[2\]\.image/,
        (s) => {
          s.volumes.push({ name: "i", image: { reference: "registry.example.com/models:latest" } });
        },
      ),
    ],
    compliant: complies("emptyDir, configMap, secret, projected and PVC volumes", (s) => {
      s.volumes.push(
        { name: "s", secret: { secretName: "db" } },
        { name: "p", projected: { sources: [] } },
        { name: "c", persistentVolumeClaim: { claimName: "data" } },
      );
    }),
  },
  {
    rule: "k8s-no-host-ports",
    violating: violates("a hostPort", /containers\[0\]\.ports\[0\]\.hostPort: 8080/, (s) => {
      first(s).ports = [{ containerPort: 8080, hostPort: 8080 }];
    }),
    compliant: [
      ...complies("a container port only", (s) => {
        first(s).ports = [{ containerPort: 8080 }];
      }),
      // hostPort 0 is Kubernetes' "not bound"; a null entry is an unset one.
      ...complies("hostPort 0, and a null entry", (s) => {
        first(s).ports = [null, { containerPort: 8080, hostPort: 0 }];
      }),
    ],
  },
  {
    rule: "k8s-capabilities-drop-all",
    violating: [
      ...violates(
        "a Linux pod (os.name linux) not dropping ALL",
        /containers\[0\]\.securityContext\.capabilities\.drop/,
        (s) => {
          s.os = { name: "linux" };
          delete first(s).securityContext.capabilities;
        },
      ),
      ...violates("a Windows pod adding SYS_ADMIN", /capabilities\.add: SYS_ADMIN not allowed/, (s) => {
        s.os = { name: "windows" };
        first(s).securityContext.capabilities = { add: ["SYS_ADMIN"] };
      }),
      ...violates(
        "an init container not dropping ALL",
        /initContainers\[0\]\.securityContext\.capabilities\.drop: must include "ALL"/,
        (s) => {
          init(s).securityContext.capabilities = { drop: ["NET_RAW"] };
        },
      ),
      ...violates(
        "SYS_ADMIN and NET_RAW added",
        inPod(
          String.raw`containers\[0\]\.securityContext\.capabilities\.add`,
          String.raw`: SYS_ADMIN, NET_RAW not allowed; remove them\.$`,
        ),
        (s) => {
          first(s).securityContext.capabilities.add = ["SYS_ADMIN", "NET_BIND_SERVICE", "NET_RAW"];
        },
      ),
    ],
    compliant: [
      ...complies("NET_BIND_SERVICE added back", (s) => {
        first(s).securityContext.capabilities.add = ["NET_BIND_SERVICE"];
      }),
      ...complies("a Windows pod setting no (Linux) capabilities", (s) => {
        s.os = { name: "windows" };
        for (const c of [...s.containers, ...s.initContainers]) delete c.securityContext.capabilities;
      }),
    ],
  },
  {
    rule: "k8s-no-privilege-escalation",
    violating: [
      ...violates(
        "allowPrivilegeEscalation unset",
        /containers\[0\]\.securityContext\.allowPrivilegeEscalation: must be false/,
        (s) => {
          delete first(s).securityContext.allowPrivilegeEscalation;
        },
      ),
      ...violates("an ephemeral container allowing it", /ephemeralContainers\[0\]/, (s) => {
        s.ephemeralContainers = [debugContainer({ allowPrivilegeEscalation: true })];
      }),
      ...violates(
        "a Windows pod setting it true",
        /containers\[0\]\.securityContext\.allowPrivilegeEscalation: must be false/,
        (s) => {
          s.os = { name: "windows" };
          first(s).securityContext.allowPrivilegeEscalation = true;
        },
      ),
    ],
    compliant: [
      ...complies("false on every container"),
      ...complies("a Windows pod leaving it unset", (s) => {
        s.os = { name: "windows" };
        for (const c of [...s.containers, ...s.initContainers])
          delete c.securityContext.allowPrivilegeEscalation;
      }),
    ],
  },
  {
    rule: "k8s-run-as-non-root",
    violating: [
      ...violates("no runAsNonRoot anywhere", /runAsNonRoot: not true/, (s) => {
        delete s.securityContext.runAsNonRoot;
      }),
      ...violates(
        "a container overriding the pod with false",
        /initContainers\[0\]\.securityContext\.runAsNonRoot/,
        (s) => {
          init(s).securityContext.runAsNonRoot = false;
        },
      ),
    ],
    compliant: [
      ...complies("pod-level true inherited by containers"),
      ...complies("set on each container instead of the pod", (s) => {
        delete s.securityContext.runAsNonRoot;
        for (const c of [...s.containers, ...s.initContainers]) c.securityContext.runAsNonRoot = true;
      }),
    ],
  },
  {
    rule: "k8s-run-as-non-zero-uid",
    violating: [
      ...violates("pod runAsUser 0", /spec\.securityContext\.runAsUser: 0 is root/, (s) => {
        s.securityContext.runAsUser = 0;
      }),
      ...violates("container runAsUser 0", /containers\[0\]\.securityContext\.runAsUser: 0/, (s) => {
        first(s).securityContext.runAsUser = 0;
      }),
    ],
    compliant: complies("a non-zero UID, or none", (s) => {
      delete s.securityContext.runAsUser;
    }),
  },
  {
    rule: "k8s-seccomp-runtime-default",
    violating: [
      ...violates("no profile anywhere", /seccompProfile: unset and not set on the pod/, (s) => {
        delete s.securityContext.seccompProfile;
      }),
      ...violates(
        "a container Unconfined",
        /containers\[0\]\.securityContext\.seccompProfile\.type: "Unconfined"/,
        (s) => {
          first(s).securityContext.seccompProfile = { type: "Unconfined" };
        },
      ),
      ...violates(
        "a Windows pod set Unconfined",
        /spec\.securityContext\.seccompProfile\.type: "Unconfined"/,
        (s) => {
          s.os = { name: "windows" };
          s.securityContext.seccompProfile = { type: "Unconfined" };
        },
      ),
    ],
    compliant: [
      ...complies("pod-level RuntimeDefault"),
      ...complies("a Windows pod with no profile", (s) => {
        s.os = { name: "windows" };
        delete s.securityContext.seccompProfile;
      }),
      ...complies("Localhost on each container", (s) => {
        delete s.securityContext.seccompProfile;
        for (const c of [...s.containers, ...s.initContainers])
          c.securityContext.seccompProfile = { type: "Localhost", localhostProfile: "p.json" };
      }),
    ],
  },
  {
    rule: "k8s-apparmor-not-unconfined",
    violating: [
      ...violates(
        "a container Unconfined",
        /containers\[0\]\.securityContext\.appArmorProfile\.type: "Unconfined"/,
        (s) => {
          first(s).securityContext.appArmorProfile = { type: "Unconfined" };
        },
      ),
      ...violates(
        "a pod-level Unconfined",
        inPod("securityContext", String.raw`\.appArmorProfile\.type: "Unconfined"; use "RuntimeDefault"\.$`),
        (s) => {
          s.securityContext.appArmorProfile = { type: "Unconfined" };
        },
      ),
      ...violates(
        "a legacy annotation that is not a string",
        /annotations\["container\.apparmor\.security\.beta\.kubernetes\.io\/transform"\]: "1"; use "runtime\/default"\.$/,
        unchanged,
        { annotations: { "container.apparmor.security.beta.kubernetes.io/transform": 1 } },
      ),
      ...violates(
        "the legacy annotation unconfined",
        /^(spec\.(jobTemplate\.spec\.)?template\.)?metadata\.annotations\["container\.apparmor\.security\.beta\.kubernetes\.io\/transform"\]: "unconfined"/,
        unchanged,
        {
          annotations: { "container.apparmor.security.beta.kubernetes.io/transform": "unconfined" },
        },
      ),
    ],
    compliant: [
      ...complies(
        "RuntimeDefault and a runtime/default annotation",
        (s) => {
          s.securityContext.appArmorProfile = { type: "RuntimeDefault" };
        },
        {
          annotations: { "container.apparmor.security.beta.kubernetes.io/transform": "runtime/default" },
        },
      ),
      ...complies(
        "a localhost/ annotation beside unrelated ones, in a pod without a securityContext",
        (s) => {
          delete s.securityContext;
        },
        {
          annotations: {
            "container.apparmor.security.beta.kubernetes.io/transform": "localhost/mesh-transform",
            "prometheus.io/scrape": "true",
          },
        },
      ),
    ],
  },
  {
    rule: "k8s-selinux-options-restricted",
    violating: [
      ...violates(
        "a custom user and role",
        /spec\.securityContext\.seLinuxOptions: user "system_u", role "system_r"/,
        (s) => {
          s.securityContext.seLinuxOptions = { user: "system_u", role: "system_r" };
        },
      ),
      ...violates(
        "type spc_t on a container",
        /containers\[0\]\.securityContext\.seLinuxOptions: type "spc_t"/,
        (s) => {
          first(s).securityContext.seLinuxOptions = { type: "spc_t" };
        },
      ),
    ],
    compliant: complies("type container_t with a level", (s) => {
      s.securityContext.seLinuxOptions = { type: "container_t", level: "s0:c123,c456" };
    }),
  },
  {
    rule: "k8s-default-proc-mount",
    violating: violates("Unmasked", /containers\[0\]\.securityContext\.procMount: "Unmasked"/, (s) => {
      first(s).securityContext.procMount = "Unmasked";
    }),
    compliant: complies("Default", (s) => {
      first(s).securityContext.procMount = "Default";
    }),
  },
  {
    rule: "k8s-image-pinned",
    violating: [
      ...violates("latest", /containers\[0\]\.image: ".*:latest" is not pinned/, (s) => {
        first(s).image = "registry.example.com/orders:latest";
      }),
      ...violates(
        "a container without an image",
        inPod(String.raw`containers\[0\]\.image`, String.raw`: unset; set a pinned image\.$`),
        (s) => {
          delete first(s).image;
        },
      ),
      ...violates(
        "no tag on a registry with a port",
        /initContainers\[0\]\.image: "registry:5000\/orders" is not pinned/,
        (s) => {
          init(s).image = "registry:5000/orders";
        },
      ),
      {
        name: "a tag when requireDigest is set",
        resources: () => [workload("Job", restrictedPodSpec())],
        config: { requireDigest: true },
        message: /image: ".*:1\.4\.2" has no digest/,
      },
    ],
    compliant: [
      ...complies("a version tag"),
      {
        name: "a digest when requireDigest is set",
        resources: () => {
          const spec = restrictedPodSpec();
          for (const c of [...spec.containers, ...spec.initContainers])
            c.image = `registry.example.com/orders@sha256:${"a".repeat(64)}`;
          return [workload("CronJob", spec)];
        },
        config: { requireDigest: true },
      },
    ],
  },
  {
    rule: "k8s-resources-requests-and-limits",
    violating: violates(
      "no limits on the init container",
      /initContainers\[0\]\.resources: missing limits\.cpu, limits\.memory/,
      (s) => {
        delete init(s).resources.limits;
      },
    ),
    compliant: complies("requests and limits everywhere"),
  },
  {
    rule: "k8s-not-default-namespace",
    violating: [
      {
        name: "a Job in default",
        resources: () => {
          const job = workload("Job", restrictedPodSpec());
          job.inputs.metadata.namespace = "default";
          return [job];
        },
        message: /^metadata\.namespace: "default"/,
      },
      {
        name: "a Job with an empty namespace",
        resources: () => {
          const job = workload("Job", restrictedPodSpec());
          job.inputs.metadata.namespace = "";
          return [job];
        },
        message: /^metadata\.namespace: unset puts it in "default"/,
      },
      {
        name: "a ConfigMap without metadata",
        resources: () => [resource("kubernetes:core/v1:ConfigMap", { data: { a: "b" } })],
        message: /^metadata\.namespace: unset/,
      },
      {
        name: "a ServiceAccount without namespace or provider namespace",
        resources: () => [resource("kubernetes:core/v1:ServiceAccount", { metadata: { name: "sa" } })],
        message: /^metadata\.namespace: unset/,
      },
    ],
    compliant: [
      ...complies("the domain namespace"),
      {
        name: "a namespace from the provider",
        resources: () => {
          const provider = resource("pulumi:providers:kubernetes", { namespace: "sales" }, { name: "k8s" });
          const cm = resource(
            "kubernetes:core/v1:ConfigMap",
            { metadata: { name: "c" } },
            { provider: `${provider.urn}::id-1` },
          );
          return [cm, provider];
        },
      },
    ],
  },
  {
    rule: "k8s-not-default-service-account",
    violating: [
      ...violates("no service account", /serviceAccountName: unset/, (s) => {
        delete s.serviceAccountName;
      }),
      ...violates("the default service account", /serviceAccountName: "default"/, (s) => {
        s.serviceAccountName = "default";
      }),
      ...violates("an empty service account name", inPod("serviceAccountName", ": unset;"), (s) => {
        s.serviceAccountName = "";
      }),
    ],
    compliant: complies("a dedicated service account"),
  },
  {
    rule: "k8s-no-plaintext-secret-env",
    violating: violates(
      "a literal API token",
      /containers\[0\]\.env\[2\] \(API_TOKEN\): literal value/,
      (s) => {
        first(s).env.push({ name: "API_TOKEN", value: "hunter2" });
      },
    ),
    compliant: [
      ...complies("secretKeyRef and non-secret literals", (s) => {
        first(s).env.push({ name: "MONKEY_BUSINESS", value: "x" });
      }),
      // An empty literal carries no credential; a null entry is an unset one.
      ...complies("an empty literal for a secret name, and a null entry", (s) => {
        first(s).env.push(null, { name: "API_TOKEN", value: "" });
      }),
    ],
  },
  {
    rule: "k8s-cronjob-concurrency-policy",
    violating: [
      {
        name: "concurrencyPolicy unset",
        resources: () => {
          const cron = workload("CronJob", restrictedPodSpec());
          delete cron.inputs.spec.concurrencyPolicy;
          return [cron];
        },
        message: /^spec\.concurrencyPolicy: unset \(means "Allow"\)/,
      },
      {
        name: "a CronJob without a spec",
        resources: () => [cronJobWithoutSpec()],
        message: /^spec\.concurrencyPolicy: unset \(means "Allow"\)/,
      },
    ],
    compliant: [
      { name: "Forbid", resources: () => [workload("CronJob", restrictedPodSpec())] },
      {
        name: "Replace",
        resources: () => {
          const cron = workload("CronJob", restrictedPodSpec());
          cron.inputs.spec.concurrencyPolicy = "Replace";
          return [cron];
        },
      },
      { name: "a Job (not applicable)", resources: () => [workload("Job", restrictedPodSpec())] },
    ],
  },
  {
    rule: "k8s-cronjob-starting-deadline",
    violating: [
      {
        name: "no deadline",
        resources: () => {
          const cron = workload("CronJob", restrictedPodSpec());
          delete cron.inputs.spec.startingDeadlineSeconds;
          return [cron];
        },
        message: /^spec\.startingDeadlineSeconds: unset/,
      },
      {
        name: "a deadline of 0",
        resources: () => {
          const cron = workload("CronJob", restrictedPodSpec());
          cron.inputs.spec.startingDeadlineSeconds = 0;
          return [cron];
        },
        message: /^spec\.startingDeadlineSeconds: 0; set a positive number\.$/,
      },
      {
        name: "a CronJob without a spec",
        resources: () => [cronJobWithoutSpec()],
        message: /^spec\.startingDeadlineSeconds: unset/,
      },
    ],
    compliant: [{ name: "300 seconds", resources: () => [workload("CronJob", restrictedPodSpec())] }],
  },
  {
    rule: "k8s-job-backoff-limit",
    violating: [
      {
        name: "a Job without backoffLimit",
        resources: () => {
          const job = workload("Job", restrictedPodSpec());
          delete job.inputs.spec.backoffLimit;
          return [job];
        },
        message: /^spec\.backoffLimit: unset/,
      },
      {
        name: "a CronJob whose job template has none",
        resources: () => {
          const cron = workload("CronJob", restrictedPodSpec());
          delete cron.inputs.spec.jobTemplate.spec.backoffLimit;
          return [cron];
        },
        message: /^spec\.jobTemplate\.spec\.backoffLimit: unset/,
      },
      {
        name: "a CronJob without a spec",
        resources: () => [cronJobWithoutSpec()],
        message: /^spec\.jobTemplate\.spec\.backoffLimit: unset/,
      },
    ],
    compliant: [
      {
        name: "a Job with backoffLimit 0",
        resources: () => {
          const job = workload("Job", restrictedPodSpec());
          job.inputs.spec.backoffLimit = 0;
          return [job];
        },
      },
      { name: "a CronJob with backoffLimit", resources: () => [workload("CronJob", restrictedPodSpec())] },
    ],
  },
];

/** Keeps the governance fixture in use here too: a Deployment gets the same pod-spec checks. */
export const deploymentWithSpec = (spec: Record<string, any>) =>
  resource("kubernetes:apps/v1:Deployment", {
    metadata: { name: "d", namespace: "sales", labels: governanceLabels() },
    spec: { selector: {}, template: { metadata: { labels: governanceLabels() }, spec } },
  });
