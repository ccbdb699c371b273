/**
 * A checkout's compiled copy of the platform: the sources tsconfig.build.json compiles, turned into
 * JavaScript in `dist/` by esbuild (the same transform tsx applies as it loads them), with a digest
 * of the sources it was built from. `npm ci` builds it (`prepare`); `npm run build` builds it with
 * tsc instead, as the package ships it (with its .d.ts files).
 *
 * Why: run from the sources, every module of the CLI and of each child process it starts (the
 * declaration readers, the plan workers) goes through tsx's hooks, which on Node 20 run on a thread
 * of their own — a round trip per module, and a third more CPU for `mesh plan`. The compiled copy
 * loads as the published package does (`npm run bench`). It is used only while its digest is that
 * of the sources: a source edited, added or removed since it was built, and the sources run, as
 * before; nothing stale ever runs.
 *
 * Plain JavaScript, so that bin/mesh.js can decide before any TypeScript loader is registered.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the digest of the sources is written, last, once the build is complete. */
const DIGEST_FILE = ".sources-digest";
/** Besides the sources, what the compiled output depends on: compiler options and this builder. */
const INPUTS = ["tsconfig.json", "tsconfig.build.json"];

/**
 * The files tsconfig.build.json compiles (its `include`: folders, and single files such as the
 * policy pack's entry; without tests), sorted, relative to `root`.
 */
export function sourceFiles(root) {
  const { include } = JSON.parse(readFileSync(join(root, "tsconfig.build.json"), "utf8"));
  const files = [];
  for (const dir of include) {
    if (statSync(join(root, dir)).isFile()) {
      files.push(dir);
      continue;
    }
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || entry.name.endsWith(".test.ts")) continue;
      if (!/\.(ts|json)$/.test(entry.name) || entry.name.endsWith(".d.ts")) continue;
      files.push(relative(root, join(entry.parentPath, entry.name)));
    }
  }
  return files.sort();
}

/** A digest of every input of the build: the sources' paths and contents, the options, this file. */
export function sourcesDigest(root) {
  const hash = createHash("sha256");
  const inputs = [...INPUTS.map((f) => join(root, f)), fileURLToPath(import.meta.url)];
  for (const file of [...sourceFiles(root).map((f) => join(root, f)), ...inputs]) {
    hash.update(`${relative(root, file)}\0`).update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

/** Whether `<root>/dist` was built from the sources as they are now. */
export function isCurrent(root) {
  const digestFile = join(root, "dist", DIGEST_FILE);
  try {
    return existsSync(digestFile) && readFileSync(digestFile, "utf8").trim() === sourcesDigest(root);
  } catch {
    return false; // a source unreadable or gone mid-way: run the sources, which will say what
  }
}

const current = new Map();

/**
 * The folder of `root`'s compiled copy (`<root>/dist`) if it is current ({@link isCurrent}), else
 * undefined. Decided once per process and root: reading the sources takes milliseconds.
 */
export function compiledCheckout(root) {
  if (!current.has(root)) current.set(root, isCurrent(root) ? join(root, "dist") : undefined);
  return current.get(root);
}

/**
 * Compiles `root`'s sources into `<root>/dist` and then writes their digest: with esbuild (half a
 * second), or with `tsc` (`npm run build`: the package's .d.ts files too, in a minute of CPU). The
 * old copy is removed first, digest and all, so that an interrupted build is never taken for a
 * current one. Returns how many files it compiled.
 */
export async function buildCheckout(root, compiler = "esbuild") {
  const dist = join(root, "dist");
  rmSync(dist, { recursive: true, force: true });
  const digest = sourcesDigest(root);
  const files = sourceFiles(root);
  if (compiler === "tsc") {
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  } else {
    const esbuild = await import("esbuild");
    await esbuild.build({
      entryPoints: files.filter((f) => f.endsWith(".ts")).map((f) => join(root, f)),
      outdir: dist,
      outbase: root,
      format: "esm",
      platform: "node",
      target: "node20.19", // engines: import attributes (JSON) are kept
      tsconfig: join(root, "tsconfig.json"),
      sourcemap: "linked",
      logLevel: "warning",
    });
    // Modules import their JSON beside them (`with { type: "json" }`), as tsc copies it.
    for (const file of files.filter((f) => f.endsWith(".json"))) {
      mkdirSync(dirname(join(dist, file)), { recursive: true });
      writeFileSync(join(dist, file), readFileSync(join(root, file)));
    }
  }
  if (files.includes(READER_PLATFORM_SOURCE)) await bundleReaderPlatform(dist);
  const temporary = join(dist, `${DIGEST_FILE}.${process.pid}`);
  writeFileSync(temporary, `${digest}\n`);
  renameSync(temporary, join(dist, DIGEST_FILE));
  return files.length;
}

/** Where a compiled declaration reader takes the declaration API from, in `dist/`; and its source. */
export const READER_PLATFORM = "program/declarationPlatform.bundle.js";
const READER_PLATFORM_SOURCE = "program/declarationPlatform.ts";

/**
 * Bundles the compiled declaration API (program/declarationPlatform.ts) with zod into one module,
 * {@link READER_PLATFORM}: every declaration reader loads it, one Node process per domain file,
 * and loading its 150 modules one by one took half again as long (70 against 40 ms).
 */
export async function bundleReaderPlatform(dist) {
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: [join(dist, "program", "declarationPlatform.js")],
    outfile: join(dist, READER_PLATFORM),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20.19",
    sourcemap: "linked",
    logLevel: "warning",
  });
}

// `node scripts/compiledCheckout.mjs [--tsc]`: build this checkout's copy unless it is current
// (package.json `prepare`, which `npm ci` runs; and `build`, which `npm publish` runs before it).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const compiler = process.argv.includes("--tsc") ? "tsc" : "esbuild";
  if (compiler === "esbuild" && isCurrent(root)) {
    process.stdout.write("dist/ is current: compiled from the sources as they are\n");
  } else {
    const started = performance.now();
    try {
      const count = await buildCheckout(root, compiler);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`Compiled ${count} platform files into dist/ (${compiler}) in ${seconds}s\n`);
    } catch (e) {
      rmSync(join(root, "dist"), { recursive: true, force: true });
      const reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
      if (compiler === "tsc") {
        // Publishing needs the package's build: its failure (tsc printed why) fails `npm run build`.
        process.stderr.write(`error: npm run build: tsc failed (${reason})\n`);
        process.exit(1);
      }
      // The copy only speeds a checkout up: without it `mesh` runs the sources, and `npm ci` succeeds.
      process.stderr.write(
        `warning: could not compile the platform into dist/ (${reason}); mesh runs from the sources, through tsx\n`,
      );
    }
  }
}
