/**
 * The S3-compatible object store: the Versity S3 Gateway (versitygw, Apache-2.0), built from its
 * Go module, serving a folder through the S3 API on loopback. It checks every request's SigV4
 * signature against one access key, so the runner's credentials (from the chain, as in the pod)
 * are exercised, not ignored.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { answersHttp, freePort, startServer } from "./service.js";
import type { IntegrationService } from "./services.js";
import { CACHE, goEnvironment, run } from "./toolchain.js";

/** The gateway's release (github.com/versity/versitygw). */
export const VERSITYGW_VERSION = "v1.8.0";
const BINARY = join(CACHE, "go", "bin", "versitygw");

export interface S3Info {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The folder behind the gateway (buckets are its folders). */
  readonly root: string;
}

function install(): void {
  const marker = join(CACHE, "go", "bin", `.versitygw-${VERSITYGW_VERSION}`);
  try {
    run("", "test", ["-e", marker]);
    return;
  } catch {}
  run(
    `building versitygw ${VERSITYGW_VERSION} (go install)`,
    "go",
    ["install", `github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}`],
    { env: { ...goEnvironment(), GOBIN: join(CACHE, "go", "bin") } },
  );
  run("", "touch", [marker]);
}

export const s3: IntegrationService<S3Info> = {
  name: "s3",
  install,
  async start() {
    const port = await freePort();
    const root = join(CACHE, "s3-data");
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const info: S3Info = {
      endpoint: `http://127.0.0.1:${port}`,
      region: "us-east-1",
      accessKeyId: "mesh-integration",
      secretAccessKey: "mesh-integration-secret",
      root,
    };
    const server = await startServer({
      name: "s3",
      command: BINARY,
      args: [
        "--port",
        `127.0.0.1:${port}`,
        "--access",
        info.accessKeyId,
        "--secret",
        info.secretAccessKey,
        "--region",
        info.region,
        "posix",
        root,
      ],
      ready: answersHttp(info.endpoint),
    });
    return { servers: [server], info };
  },
};
