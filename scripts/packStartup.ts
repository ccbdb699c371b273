/**
 * The policy pack's start-up as the Pulumi CLI runs it: its policy runner
 * (`@pulumi/pulumi/cmd/run-policy-pack`) in the pack's folder, which prints the port it serves on
 * as its first line once the pack has loaded. The pack is then ended. Tests start it so, and
 * `npm run bench` times it.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

/**
 * Starts the pack in `packDir` for stack orders-dev (dev levels) and ends it once it serves;
 * resolves to what it printed on stderr.
 */
export function packStartup(packDir: string): Promise<string> {
  // The runner of the SDK installed beside the pack, as the CLI would find it.
  const runner = createRequire(`${packDir}/`).resolve("@pulumi/pulumi/cmd/run-policy-pack");
  const child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], {
    cwd: packDir,
    env: { ...process.env, PULUMI_STACK: "orders-dev" },
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  child.stdout.on("data", (d) => {
    stdout += d;
    if (stdout.includes("\n")) child.kill();
  });
  // On close both pipes are read to their end: a line on stderr is not raced by the port's.
  return new Promise((resolve, reject) =>
    child.on("close", () =>
      stdout.includes("\n") ? resolve(stderr) : reject(new Error(`the pack did not start: ${stderr}`)),
    ),
  );
}
