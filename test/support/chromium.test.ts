import { describe, expect, it } from "vitest";
import { CHROMIUM, ChromiumSetupError, ensureChromium, INSTALL_STEPS, type Machine } from "./chromium.js";

/** A machine where Chromium appears once `apt-get install` has succeeded, if it may. */
function fakeMachine(options: {
  chromium?: boolean;
  aptGet?: boolean;
  root?: boolean;
  failing?: string;
  installs?: boolean;
}) {
  let installed = options.chromium ?? false;
  const calls: string[][] = [];
  const lines: string[] = [];
  const machine: Machine = {
    hasChromium: () => installed,
    hasAptGet: () => options.aptGet ?? true,
    isRoot: () => options.root ?? true,
    aptGet: (args) => {
      calls.push(args);
      if (args[0] === options.failing) return { ok: false, output: "E: Unable to locate package chromium\n" };
      if (args[0] === "install" && (options.installs ?? true)) installed = true;
      return { ok: true, output: "" };
    },
    log: (line) => lines.push(line),
  };
  return { machine, calls, lines };
}

const attempt = (machine: Machine) => {
  try {
    return ensureChromium(machine);
  } catch (e) {
    expect(e).toBeInstanceOf(ChromiumSetupError);
    return (e as Error).message;
  }
};

describe("test set-up: Chromium for the catalog's browser test", () => {
  it("does nothing, silently, when Chromium is installed", () => {
    const { machine, calls, lines } = fakeMachine({ chromium: true, aptGet: false, root: false });
    expect(ensureChromium(machine)).toBe("present");
    expect(calls).toEqual([]);
    expect(lines).toEqual([]);
  });

  it("installs Debian's chromium as root with apt-get, saying what it does", () => {
    const { machine, calls, lines } = fakeMachine({});
    expect(ensureChromium(machine)).toBe("installed");
    expect(calls).toEqual(INSTALL_STEPS);
    expect(calls).toEqual([["update"], ["install", "-y", "chromium"]]);
    expect(lines).toEqual([
      `test set-up: ${CHROMIUM} is missing; the catalog's browser test needs Chromium at ${CHROMIUM} (Debian's chromium package).`,
      "test set-up: running apt-get update",
      "test set-up: running apt-get install -y chromium",
      `test set-up: installed ${CHROMIUM}`,
    ]);
  });

  it("stops with the command to run when it is not root, installing nothing", () => {
    const { machine, calls } = fakeMachine({ root: false });
    expect(attempt(machine)).toMatch(/installing it needs root: run `sudo apt-get install -y chromium`/);
    expect(calls).toEqual([]);
  });

  it("stops with what to do when the machine has no apt-get", () => {
    const { machine, calls } = fakeMachine({ aptGet: false });
    expect(attempt(machine)).toMatch(
      /has no apt-get to install it: install Chromium so that \/usr\/bin\/chromium/,
    );
    expect(calls).toEqual([]);
  });

  it("shows apt-get's output when it fails", () => {
    const { machine } = fakeMachine({ failing: "install" });
    expect(attempt(machine)).toBe(
      `apt-get install -y chromium failed, so Chromium could not be installed at ${CHROMIUM} for the catalog's browser test:\nE: Unable to locate package chromium`,
    );
  });

  it("fails when apt-get succeeded but the browser is still not there", () => {
    const { machine } = fakeMachine({ installs: false });
    expect(attempt(machine)).toBe(`apt-get installed chromium but ${CHROMIUM} is still missing.`);
  });
});
