/** The transform pod's security settings and container: Pod Security Standards *restricted*. */
import type * as k8s from "@pulumi/kubernetes";
import { CATALOG_CREDENTIALS_ENV } from "./catalogCredentials.js";

/** UID/GID of the runner image's non-root user (distroless `nonroot`). */
export const RUNNER_UID = 65532;

export const podSecurity: k8s.types.input.core.v1.PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: RUNNER_UID,
  runAsGroup: RUNNER_UID,
  fsGroup: RUNNER_UID,
  seccompProfile: { type: "RuntimeDefault" },
};

export const containerSecurity: k8s.types.input.core.v1.SecurityContext = {
  runAsNonRoot: true,
  runAsUser: RUNNER_UID,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

export interface RunnerContainer {
  /** @default "transform" */
  readonly name?: string;
  readonly image: string;
  readonly args: readonly string[];
  readonly region: string;
  readonly resources: { readonly cpu: string; readonly memory: string };
  readonly sqlMountPath: string;
  /** The Secret with the REST catalog's OAuth2 client credentials (`client-id`, `client-secret`). */
  readonly catalogCredentials?: string;
}

/** The runner's environment for a REST catalog's credentials, from the domain's Secret (never in args). */
export const catalogCredentialsEnv = (secret: string | undefined): k8s.types.input.core.v1.EnvVar[] =>
  secret === undefined
    ? []
    : [
        {
          name: CATALOG_CREDENTIALS_ENV.clientId,
          valueFrom: { secretKeyRef: { name: secret, key: "client-id" } },
        },
        {
          name: CATALOG_CREDENTIALS_ENV.clientSecret,
          valueFrom: { secretKeyRef: { name: secret, key: "client-secret" } },
        },
      ];

/** The runner container. Requests equal limits: a batch job gets Guaranteed QoS and is not evicted first. */
export function transformContainer(c: RunnerContainer): k8s.types.input.core.v1.Container {
  return {
    name: c.name ?? "transform",
    image: c.image,
    imagePullPolicy: "IfNotPresent",
    args: [...c.args],
    env: [
      { name: "AWS_REGION", value: c.region },
      { name: "HOME", value: "/tmp" },
      ...catalogCredentialsEnv(c.catalogCredentials),
    ],
    resources: { requests: { ...c.resources }, limits: { ...c.resources } },
    securityContext: containerSecurity,
    volumeMounts: [
      { name: "sql", mountPath: c.sqlMountPath, readOnly: true },
      { name: "tmp", mountPath: "/tmp" },
    ],
  };
}
