import { isRecord } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { containersOf, podSpecRule } from "./podSpec.js";

const ALLOWED_TYPES = ["RuntimeDefault", "Localhost"];
const ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const allowedAnnotation = (value: unknown) =>
  value === "runtime/default" || (typeof value === "string" && value.startsWith("localhost/"));

/** Compliant: no AppArmor profile (field or legacy annotation) is Unconfined; only RuntimeDefault or Localhost. */
const rule: MeshResourcePolicy = {
  name: "k8s-apparmor-not-unconfined",
  description: "Containers never run with AppArmor unconfined (PSS baseline).",
  group: "kubernetes",
  severity: "medium",
  remediation: 'Remove the override or set appArmorProfile.type "RuntimeDefault".',
  validateResource: podSpecRule((pod, report) => {
    const podType = pod.spec.securityContext?.appArmorProfile?.type;
    if (podType !== undefined && !ALLOWED_TYPES.includes(podType)) {
      report(`${pod.at("securityContext")}.appArmorProfile.type: "${podType}"; use "RuntimeDefault".`);
    }
    for (const c of containersOf(pod)) {
      const type = c.container.securityContext?.appArmorProfile?.type;
      if (type !== undefined && !ALLOWED_TYPES.includes(type)) {
        report(`${c.at("securityContext")}.appArmorProfile.type: "${type}"; use "RuntimeDefault".`);
      }
    }
    const annotations = isRecord(pod.metadata.annotations) ? pod.metadata.annotations : {};
    for (const key of Object.keys(annotations).filter((k) => k.startsWith(ANNOTATION_PREFIX))) {
      if (!allowedAnnotation(annotations[key]))
        report(`${pod.annotationAt(key)}: "${annotations[key]}"; use "runtime/default".`);
    }
  }),
};

export default rule;
