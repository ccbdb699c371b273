import { asArray } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { containersOf, podSpecRule } from "./podSpec.js";

/** Name segments that mark a variable as carrying a credential. */
const SECRET_WORDS = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "APIKEY", "CREDENTIAL", "CREDENTIALS"];

export const looksSecret = (name: string) =>
  name
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .some((w) => SECRET_WORDS.includes(w));

/** Compliant: env vars named like credentials (…PASSWORD, …TOKEN, …KEY) take their value from a Secret, not a literal. */
const rule: MeshResourcePolicy = {
  name: "k8s-no-plaintext-secret-env",
  description: "Credentials never appear as literal container env values.",
  group: "kubernetes",
  severity: "high",
  remediation: "Use env[].valueFrom.secretKeyRef (or envFrom.secretRef) instead of a literal value.",
  validateResource: podSpecRule((pod, report) => {
    for (const c of containersOf(pod)) {
      asArray(c.container.env).forEach((env: any, i: number) => {
        if (
          typeof env?.name === "string" &&
          looksSecret(env.name) &&
          typeof env.value === "string" &&
          env.value !== ""
        ) {
          report(`${c.at("env", i)} (${env.name}): literal value; use valueFrom.secretKeyRef.`);
        }
      });
    }
  }),
};

export default rule;
