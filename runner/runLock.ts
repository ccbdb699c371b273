/**
 * One local run at a time per `--out`: a second `mesh run` on the same folder is refused with who
 * holds it, rather than interleaving writes. A lock left by a run that was killed (its process is
 * gone) is taken over.
 */
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { firstLine, PipelineError } from "./errors.js";

/** Whether process `pid` still runs (EPERM: it does, as another user's). */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Takes the lock at `file`; resolves to its release. Throws {@link RunLockedError} when held. */
export function acquireRunLock(file: string, folder: string): () => void {
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (e) {
    throw new PipelineError(`cannot lock ${folder}: ${firstLine(e)}`);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    // The lock appears whole or not at all: written under a name of this process's own, then
    // linked to its name (link fails if the lock exists), so no other run ever reads it empty.
    const own = `${file}.${process.pid}`;
    try {
      writeFileSync(own, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      linkSync(own, file);
      return () => rmSync(file, { force: true });
    } catch (e) {
      // A full disk or a folder not writable: said as such.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST")
        throw new PipelineError(`cannot lock ${folder}: ${firstLine(e)}`);
    } finally {
      rmSync(own, { force: true });
    }
    const holder = readHolder(file);
    if (holder.live) throw new RunLockedError(heldBy(holder, folder));
    // Stale: its run is gone. Moved aside atomically, so that of two runs taking it over only one
    // removes it; if what was moved is not the stale lock read (another run took it over in
    // between), it goes back.
    const aside = `${file}.stale.${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      continue; // gone already: another run took it over; try again
    }
    const moved = readHolder(aside);
    if (moved.live) {
      try {
        linkSync(aside, file);
      } catch {
        // a third run holds it now; either way this one does not
      }
      rmSync(aside, { force: true });
      throw new RunLockedError(heldBy(moved, folder));
    }
    rmSync(aside, { force: true });
  }
  throw new RunLockedError(`cannot lock ${folder}: ${file} keeps reappearing`);
}

interface Holder {
  readonly pid?: number;
  readonly since?: string;
  /** Held by another process that is still running. */
  readonly live: boolean;
}

/** Who holds the lock at `file`; an unreadable lock (from an older version, or hand-made) is nobody's. */
function readHolder(file: string): Holder {
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as { pid?: unknown; since?: unknown };
    const pid = typeof data.pid === "number" ? data.pid : undefined;
    return {
      ...(pid !== undefined ? { pid } : {}),
      since: String(data.since),
      live: pid !== undefined && pid !== process.pid && alive(pid),
    };
  } catch {
    return { live: false };
  }
}

const heldBy = (holder: Holder, folder: string) =>
  `another mesh run (pid ${holder.pid}, since ${holder.since}) is using ${folder}; wait for it to finish, or give this run its own --out`;

/** Another run holds the output folder. */
export class RunLockedError extends PipelineError {
  constructor(message: string) {
    super(message);
    this.name = "RunLockedError";
  }
}
