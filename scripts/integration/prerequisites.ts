/**
 * What `npm run test:integration` needs beside Node: Java 17+ with Maven, Python 3.11+ with venv
 * and pip, and Go. Each missing one is named with what to install; nothing is skipped silently.
 */
import { spawnSync } from "node:child_process";

interface Prerequisite {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** The version found in the command's output, or undefined. */
  readonly version: (output: string) => number[] | undefined;
  readonly minimum: readonly number[];
  readonly install: string;
}

const numbers = (match: RegExpExecArray | null) => match?.slice(1).map(Number);

export const PREREQUISITES: readonly Prerequisite[] = [
  {
    name: "Java",
    command: "java",
    args: ["-version"],
    version: (o) => numbers(/version "(\d+)(?:\.(\d+))?/.exec(o)),
    minimum: [17],
    install: "a JDK 17 or later (Debian: openjdk-17-jdk-headless)",
  },
  {
    name: "Maven",
    command: "mvn",
    args: ["--version"],
    version: (o) => numbers(/Apache Maven (\d+)\.(\d+)/.exec(o)),
    minimum: [3, 6],
    install: "Apache Maven 3.6 or later (Debian: maven)",
  },
  {
    name: "Python",
    command: "python3",
    args: ["-c", "import venv, ensurepip, sys; print('Python %d.%d' % sys.version_info[:2])"],
    version: (o) => numbers(/Python (\d+)\.(\d+)/.exec(o)),
    minimum: [3, 11],
    install: "Python 3.11 or later with venv and pip (Debian: python3 python3-venv)",
  },
  {
    name: "Go",
    command: "go",
    args: ["version"],
    version: (o) => numbers(/go(\d+)\.(\d+)/.exec(o)),
    minimum: [1, 24],
    install: "Go 1.24 or later (https://go.dev/doc/install)",
  },
];

const atLeast = (found: readonly number[], minimum: readonly number[]) => {
  for (let i = 0; i < minimum.length; i++) {
    const f = found[i] ?? 0;
    if (f !== minimum[i]) return f > minimum[i]!;
  }
  return true;
};

/** One line per missing or too old prerequisite; empty when all are there. */
export function missingPrerequisites(): string[] {
  const problems: string[] = [];
  for (const p of PREREQUISITES) {
    const result = spawnSync(p.command, p.args, { encoding: "utf8" });
    const found = result.status === 0 ? p.version(`${result.stdout}${result.stderr}`) : undefined;
    if (!found) problems.push(`${p.name} not found (\`${p.command}\`): install ${p.install}`);
    else if (!atLeast(found, p.minimum))
      problems.push(`${p.name} ${found.join(".")} is too old: install ${p.install}`);
  }
  return problems;
}
