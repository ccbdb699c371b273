import type { MeshResourcePolicy } from "../types.js";
import { containersOf, podSpecRule } from "./podSpec.js";

/** The tag and digest of an image reference (`registry:5000/repo/name:tag@sha256:…`). */
export function parseImage(image: string): { tag?: string; digest?: string } {
  const [name = "", digest] = image.split("@", 2);
  const lastSlash = name.lastIndexOf("/");
  const colon = name.indexOf(":", lastSlash + 1);
  return { tag: colon >= 0 ? name.slice(colon + 1) : undefined, digest };
}

/** Compliant: every container image has a tag other than `latest` (and a digest when requireDigest is set). */
const rule: MeshResourcePolicy = {
  name: "k8s-image-pinned",
  description: "Container images are pinned to a version tag or digest, never latest.",
  group: "kubernetes",
  severity: "medium",
  remediation: "Reference images as repo/name:1.2.3 or repo/name@sha256:<digest>.",
  configSchema: {
    properties: {
      requireDigest: {
        type: "boolean",
        default: false,
        description: "Require an @sha256 digest on every image.",
      },
    },
  },
  validateResource: podSpecRule((pod, report, args) => {
    const { requireDigest = false } = args.getConfig<{ requireDigest?: boolean }>();
    for (const c of containersOf(pod)) {
      const image = c.container.image;
      if (typeof image !== "string") {
        report(`${c.at("image")}: unset; set a pinned image.`);
        continue;
      }
      const { tag, digest } = parseImage(image);
      if (requireDigest && !digest)
        report(`${c.at("image")}: "${image}" has no digest; pin it with @sha256:<digest>.`);
      else if (!digest && (tag === undefined || tag === "latest")) {
        report(`${c.at("image")}: "${image}" is not pinned; use a version tag or digest.`);
      }
    }
  }),
};

export default rule;
