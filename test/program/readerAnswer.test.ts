/**
 * How `readDomains` takes a reader child's answer. A reader sends its declaration and exits at
 * once, so the parent can learn of the exit before it has read the answer off the channel; under
 * load that happened to about one child in five, and a domain that declared itself was reported as
 * "exited (code 0) before declaring its domain". Children here are tiny scripts that answer as the
 * reader does, many at once, to make that order likely.
 */
import { fork } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DeclarationError } from "../../components/declaration/errors.js";
import { DRAIN_MS } from "../../program/childEnd.js";
import { readerAnswer } from "../../program/readDomains.js";

const dir = mkdtempSync(join(tmpdir(), "reader-answer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A child running `code` (ESM), with the reader's channel and pipes. */
function child(name: string, code: string) {
  const script = join(dir, `${name}.mjs`);
  writeFileSync(script, code);
  return fork(script, [], { serialization: "advanced", stdio: ["ignore", "pipe", "pipe", "ipc"] });
}

const file = () => join(dir, "domains", "orders", "index.ts");

describe("a reader child's answer", () => {
  it("is taken when the child exits right after sending it, for every one of many children at once", async () => {
    // The reader's own ending (declarationReader.ts): send, wait for the write, exit.
    const answerThenExit = `process.send({ kind: "definition", input: { name: "orders", padding: "x".repeat(100000) } },
      undefined, undefined, () => process.exit(0));`;
    const answers = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => readerAnswer(child(`answer-${i}`, answerThenExit), file())),
    );
    const lost = answers.filter((a) => a.status === "rejected");
    expect(lost.map((a) => String((a as PromiseRejectedResult).reason))).toEqual([]);
    for (const a of answers) {
      expect((a as PromiseFulfilledResult<{ input: { name: string } }>).value.input.name).toBe("orders");
    }
  }, 60_000);

  it("names the file, the exit code and the last line of stderr when the child ends without an answer", async () => {
    const answer = readerAnswer(
      child("silent", `process.stderr.write("loading...\\nTypeError: boom\\n"); process.exit(3);`),
      file(),
    );
    await expect(answer).rejects.toBeInstanceOf(DeclarationError);
    await expect(answer).rejects.toThrow(/exited \(code 3\) before declaring its domain: TypeError: boom/);
  });

  it("names the exit at once when a process the child left behind holds its pipes open", async () => {
    // A domain file may start a process that inherits the reader's stdout and stderr and outlives
    // it: the pipes then stay open, and waiting for them would wait for that process.
    const pidFile = join(dir, "left-behind.pid");
    const leaveBehind = `import { spawn } from "node:child_process";
      import { writeFileSync } from "node:fs";
      const left = spawn("sleep", ["60"], { stdio: "inherit", detached: true });
      writeFileSync(${JSON.stringify(pidFile)}, String(left.pid));
      left.unref();
      process.stderr.write("left one behind\\n");
      process.exit(4);`;
    const started = Date.now();
    try {
      await expect(readerAnswer(child("leave-behind", leaveBehind), file())).rejects.toThrow(
        /exited \(code 4\) before declaring its domain: left one behind/,
      );
      expect(Date.now() - started).toBeLessThan(DRAIN_MS + 10_000);
    } finally {
      if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, "utf8")), "SIGKILL");
    }
  });

  it("reports the problem a child sends, at the file", async () => {
    const answer = readerAnswer(
      child("problem", `process.send({ kind: "problem", message: "failed to load: nope" });`),
      file(),
    );
    await expect(answer).rejects.toThrow(/failed to load: nope/);
    const error = await answer.catch((e: DeclarationError) => e);
    expect((error as DeclarationError).problems[0]).toMatchObject({
      path: "",
      message: "failed to load: nope",
    });
  });
});
