/**
 * When a child process the platform reads answers from (a declaration reader, a plan worker) has
 * ended. Its "close" comes once what it sent before exiting has been read off its channel and
 * pipes; its "exit" can come before that, so a child that answered and exited at once would seem
 * to have ended without answering. But a process the child started and left behind can hold those
 * pipes open, and "close" would not come until it ends: a moment after "exit", the end is taken.
 */
import type { ChildProcess } from "node:child_process";

/** How long after "exit" the pipes may take to drain. */
export const DRAIN_MS = 1000;

/**
 * Calls `ended` once, when `child` has ended (see above). Returns a function that stops waiting,
 * for a caller that has its answer and kills the child: nothing then keeps the process alive.
 */
export function onChildEnd(
  child: ChildProcess,
  ended: (code: number | null, signal: NodeJS.Signals | null) => void,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let waiting = true;
  const end = (code: number | null, signal: NodeJS.Signals | null) => {
    if (!waiting) return;
    forget();
    ended(code, signal);
  };
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    timer = setTimeout(() => end(code, signal), DRAIN_MS);
  };
  child.on("exit", onExit);
  child.on("close", end);
  const forget = () => {
    waiting = false;
    clearTimeout(timer);
    child.off("exit", onExit);
    child.off("close", end);
  };
  return forget;
}
