import { asArray, isRecord } from "../shared/resource.js";
import type { MeshResourcePolicy } from "../types.js";
import { podSpecRule } from "./podSpec.js";

/** Volume sources the PSS restricted profile allows; everything else (hostPath first) is denied. */
export const ALLOWED_VOLUME_TYPES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
];

/** Compliant: every volume uses an allowed source: no hostPath and only the PSS restricted volume types. */
const rule: MeshResourcePolicy = {
  name: "k8s-restricted-volume-types",
  description: "Pods use only the volume types of the PSS restricted profile (never hostPath).",
  group: "kubernetes",
  severity: "high",
  remediation: `Use one of ${ALLOWED_VOLUME_TYPES.join(", ")}.`,
  validateResource: podSpecRule((pod, report) => {
    asArray(pod.spec.volumes).forEach((volume: any, i: number) => {
      if (!isRecord(volume)) return;
      for (const source of Object.keys(volume).filter((k) => k !== "name")) {
        if (!ALLOWED_VOLUME_TYPES.includes(source)) {
          report(
            `${pod.at("volumes", i)}.${source}: volume type not allowed; use ${ALLOWED_VOLUME_TYPES.join(", ")}.`,
          );
        }
      }
    });
  }),
};

export default rule;
