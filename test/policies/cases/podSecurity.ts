/**
 * Cases of the Pod Security Standards checks Kubernetes changed or added most recently: the safe
 * sysctls (tcp_rmem/tcp_wmem, 1.32; tcp_slow_start_after_idle/tcp_notsent_lowat, 1.37), host in probes
 * and lifecycle handlers (1.34), and the checks on upstream master: container ulimits, read-only
 * cgroup mounts. test/policies/pss.test.ts maps every upstream check to its rule.
 */
import type { RuleCases } from "../harness.js";
import { complies, debugContainer, first, init, violates } from "./podCases.js";

export const podSecurityCases: RuleCases[] = [
  {
    rule: "k8s-safe-sysctls-only",
    violating: [
      ...violates("kernel.msgmax", /sysctls\[1\]\.name: "kernel\.msgmax"/, (s) => {
        s.securityContext.sysctls = [
          { name: "net.ipv4.tcp_syncookies", value: "1" },
          { name: "kernel.msgmax", value: "65536" },
        ];
      }),
      ...violates(
        "net.ipv4.tcp_mem (node-wide, unlike tcp_rmem)",
        /sysctls\[0\]\.name: "net\.ipv4\.tcp_mem"/,
        (s) => {
          s.securityContext.sysctls = [{ name: "net.ipv4.tcp_mem", value: "1 2 3" }];
        },
      ),
    ],
    compliant: complies("every safe sysctl, up to those of 1.37", (s) => {
      s.securityContext.sysctls = [
        { name: "net.ipv4.ip_local_port_range", value: "1024 65535" },
        { name: "net.ipv4.ip_local_reserved_ports", value: "1024-4999" },
        { name: "net.ipv4.tcp_keepalive_time", value: "7200" },
        { name: "net.ipv4.tcp_fin_timeout", value: "60" },
        { name: "net.ipv4.tcp_keepalive_intvl", value: "75" },
        { name: "net.ipv4.tcp_keepalive_probes", value: "9" },
        { name: "net.ipv4.tcp_rmem", value: "4096 87380 16777216" },
        { name: "net.ipv4.tcp_wmem", value: "4096 65536 16777216" },
        { name: "net.ipv4.tcp_slow_start_after_idle", value: "0" },
        { name: "net.ipv4.tcp_notsent_lowat", value: "16384" },
      ];
    }),
  },
  {
    rule: "k8s-no-probe-host",
    violating: [
      ...violates(
        "a liveness probe's httpGet.host",
        /containers\[0\]\.livenessProbe\.httpGet\.host: "169\.254\.169\.254"; remove it/,
        (s) => {
          first(s).livenessProbe = { httpGet: { host: "169.254.169.254", path: "/", port: 80 } };
        },
      ),
      ...violates(
        "an init container's startup probe tcpSocket.host",
        /initContainers\[0\]\.startupProbe\.tcpSocket\.host: "10\.0\.0\.1"/,
        (s) => {
          init(s).startupProbe = { tcpSocket: { host: "10.0.0.1", port: 22 } };
        },
      ),
      ...violates(
        "a preStop hook's httpGet.host",
        /containers\[0\]\.lifecycle\.preStop\.httpGet\.host: "kubernetes\.default"/,
        (s) => {
          first(s).lifecycle = { preStop: { httpGet: { host: "kubernetes.default", port: 443 } } };
        },
      ),
      ...violates(
        "a postStart hook's (deprecated) tcpSocket.host",
        /containers\[0\]\.lifecycle\.postStart\.tcpSocket\.host/,
        (s) => {
          first(s).lifecycle = { postStart: { tcpSocket: { host: "node", port: 10250 } } };
        },
      ),
      ...violates(
        "an ephemeral container's readiness probe host",
        /ephemeralContainers\[0\]\.readinessProbe\.httpGet\.host/,
        (s) => {
          s.ephemeralContainers = [
            { ...debugContainer({}), readinessProbe: { httpGet: { host: "127.0.0.1", port: 9 } } },
          ];
        },
      ),
    ],
    compliant: complies("probes and hooks on the pod's own address, or an empty or null host", (s) => {
      first(s).livenessProbe = {
        httpGet: { path: "/healthz", port: 8080, httpHeaders: [{ name: "Host", value: "x" }] },
      };
      first(s).readinessProbe = { tcpSocket: { port: 8080, host: "" } };
      first(s).startupProbe = { exec: { command: ["true"] } };
      first(s).lifecycle = {
        preStop: { sleep: { seconds: 5 } },
        postStart: { httpGet: { port: 8080, host: null } },
      };
    }),
  },
  {
    rule: "k8s-no-container-ulimits",
    violating: [
      ...violates("a container raising nofile", /containers\[0\]\.securityContext\.ulimits: set/, (s) => {
        first(s).securityContext.ulimits = { nofile: { soft: 1048576, hard: 1048576 } };
      }),
      ...violates("an init container's core limit", /initContainers\[0\]\.securityContext\.ulimits/, (s) => {
        init(s).securityContext.ulimits = { core: { soft: 1, hard: 1 } };
      }),
      ...violates(
        "an ephemeral container's ulimits",
        /ephemeralContainers\[0\]\.securityContext\.ulimits/,
        (s) => {
          s.ephemeralContainers = [debugContainer({ ulimits: {} })];
        },
      ),
    ],
    compliant: [
      ...complies("no ulimits anywhere"),
      // A null input is how Pulumi leaves a field unset.
      ...complies("ulimits null", (s) => {
        first(s).securityContext.ulimits = null;
      }),
    ],
  },
  {
    rule: "k8s-readonly-cgroup-mount",
    violating: [
      ...violates(
        "a writable cgroup mount",
        /containers\[0\]\.securityContext\.cgroupOptions\.mountMode: "Writable"; use "ReadOnly"/,
        (s) => {
          first(s).securityContext.cgroupOptions = { mountMode: "Writable" };
        },
      ),
      ...violates(
        "an init container's unknown mode",
        /initContainers\[0\]\.securityContext\.cgroupOptions/,
        (s) => {
          init(s).securityContext.cgroupOptions = { mountMode: "Delegated" };
        },
      ),
    ],
    compliant: complies("ReadOnly, or cgroupOptions without a mode", (s) => {
      first(s).securityContext.cgroupOptions = { mountMode: "ReadOnly" };
      init(s).securityContext.cgroupOptions = {};
    }),
  },
];
