/**
 * Test set-up, run by `npm test` before anything else (its `pretest` script): the catalog's
 * browser test drives Debian's Chromium at /usr/bin/chromium, never a browser downloaded by a test
 * tool. So that the README's `npm ci && npm test` works on a fresh machine, a missing Chromium is
 * installed when the machine allows it (root and apt-get), saying so; otherwise the run stops with
 * what to do. The browser test itself never installs anything and fails rather than skips.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { pathToFileURL } from "node:url";

export const CHROMIUM = "/usr/bin/chromium";

/** What the set-up needs from the machine; the tests give a fake one. */
export interface Machine {
  hasChromium(): boolean;
  hasAptGet(): boolean;
  isRoot(): boolean;
  /** Runs apt-get non-interactively; its output is kept to be shown if it fails. */
  aptGet(args: string[]): { ok: boolean; output: string };
  log(line: string): void;
}

/** The set-up cannot provide Chromium: the message says why and what to do. */
export class ChromiumSetupError extends Error {}

const NEEDED = `the catalog's browser test needs Chromium at ${CHROMIUM} (Debian's chromium package)`;
export const INSTALL_STEPS: readonly string[][] = [["update"], ["install", "-y", "chromium"]];

/** Makes sure Chromium is installed; returns whether it already was or has just been installed. */
export function ensureChromium(machine: Machine): "present" | "installed" {
  if (machine.hasChromium()) return "present";
  if (!machine.hasAptGet()) {
    throw new ChromiumSetupError(
      `${NEEDED}, and this machine has no apt-get to install it: install Chromium so that ${CHROMIUM} runs it, then run npm test again.`,
    );
  }
  if (!machine.isRoot()) {
    throw new ChromiumSetupError(
      `${NEEDED}, and installing it needs root: run \`sudo apt-get install -y chromium\`, then npm test again.`,
    );
  }
  machine.log(`test set-up: ${CHROMIUM} is missing; ${NEEDED}.`);
  for (const args of INSTALL_STEPS) {
    machine.log(`test set-up: running apt-get ${args.join(" ")}`);
    const { ok, output } = machine.aptGet(args);
    if (!ok) {
      throw new ChromiumSetupError(
        `apt-get ${args.join(" ")} failed, so Chromium could not be installed at ${CHROMIUM} for the catalog's browser test:\n${output.trimEnd()}`,
      );
    }
  }
  if (!machine.hasChromium()) {
    throw new ChromiumSetupError(`apt-get installed chromium but ${CHROMIUM} is still missing.`);
  }
  machine.log(`test set-up: installed ${CHROMIUM}`);
  return "installed";
}

const thisMachine: Machine = {
  hasChromium: () => {
    try {
      accessSync(CHROMIUM, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  hasAptGet: () => spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0,
  isRoot: () => process.getuid?.() === 0,
  aptGet: (args) => {
    const r = spawnSync("apt-get", ["-q", ...args], {
      encoding: "utf8",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error?.message ?? ""}` };
  },
  log: (line) => console.log(line),
};

// Run as a script (`tsx test/support/chromium.ts`), not when imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    ensureChromium(thisMachine);
  } catch (e) {
    if (!(e instanceof ChromiumSetupError)) throw e;
    console.error(`test set-up: ${e.message}`);
    process.exit(1);
  }
}
