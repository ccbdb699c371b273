/**
 * What `npm run test:integration` installs, and where: everything goes into the repository's
 * ignored `.cache/integration/` (Maven's local repository, Go's module and build caches, a Python
 * virtual environment), never into the user's home or the system. Each installer is idempotent and
 * fast on a second call.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Every download and build of the integration tests lives here (`.gitignore`: `/.cache/`). */
export const CACHE = join(ROOT, ".cache", "integration");

/** A step that failed; its message says what and how to fix it (no stack trace is shown). */
export class SetupError extends Error {}

/** Runs a command to completion, or throws a {@link SetupError} with the tail of its output. */
export function run(
  what: string,
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): string {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ""}\n${result.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    throw new SetupError(
      `${what} failed (${command} ${args.join(" ")}):\n${result.error?.message ?? output}`,
    );
  }
  return result.stdout;
}

/**
 * The jars of a Maven project (its `pom.xml` lists the dependencies) copied into one folder, with
 * Maven's local repository inside the cache. Returns the classpath (`folder/*`).
 */
export function mavenClasspath(name: string, pomDirectory: string): string {
  const out = join(CACHE, "jars", name);
  const marker = join(out, ".complete");
  if (!existsSync(marker)) {
    mkdirSync(out, { recursive: true });
    run(`Maven (${name})`, "mvn", [
      "--batch-mode",
      "--quiet",
      `-Dmaven.repo.local=${join(CACHE, "m2")}`,
      "-f",
      join(pomDirectory, "pom.xml"),
      "dependency:copy-dependencies",
      `-DoutputDirectory=${out}`,
      "-DincludeScope=runtime",
    ]);
    writeFileSync(marker, readdirSync(out).join("\n"));
  }
  return `${out}/*`;
}

/** pip's download cache inside the cache folder (pip would otherwise write to ~/.cache/pip). */
export const pipEnvironment = (): NodeJS.ProcessEnv => ({ PIP_CACHE_DIR: join(CACHE, "pip") });

/** The Python virtual environment of the integration tests, with `requirements.txt` installed. */
export function pythonEnvironment(requirements: string): { python: string; bin: string } {
  const venv = join(CACHE, "python");
  const bin = join(venv, "bin");
  const python = join(bin, "python");
  if (!existsSync(python)) run("creating a Python virtual environment", "python3", ["-m", "venv", venv]);
  const marker = join(venv, ".installed");
  const wanted = run("reading requirements", "cat", [requirements]);
  if (!existsSync(marker) || run("", "cat", [marker]) !== wanted) {
    run(
      "pip install (integration requirements)",
      python,
      ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements],
      { env: pipEnvironment() },
    );
    writeFileSync(marker, wanted);
  }
  return { python, bin };
}

/** Go's caches inside the cache folder, so a build writes nothing outside the repository. */
export const goEnvironment = (): NodeJS.ProcessEnv => ({
  GOPATH: join(CACHE, "go"),
  GOMODCACHE: join(CACHE, "go", "pkg", "mod"),
  GOCACHE: join(CACHE, "go", "build-cache"),
  GOFLAGS: "-mod=mod",
});

/** Builds the Go program in `directory` (its own go.mod/go.sum) into the cache; returns the binary. */
export function goBinary(name: string, directory: string): string {
  const binary = join(CACHE, "bin", name);
  run(`building ${name} (go build)`, "go", ["build", "-o", binary, "."], {
    cwd: directory,
    env: goEnvironment(),
  });
  return binary;
}
