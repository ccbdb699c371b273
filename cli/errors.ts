/** How the CLI fails: a message for the user and an exit code, never a stack trace. */
import { InputError } from "../components/inputError.js";
import { isRunError } from "../sdk/wire.js";

export const EXIT = {
  ok: 0,
  /** A mandatory policy was violated. */
  policy: 1,
  /** Bad input: usage, unknown stack or domain, bad declaration, unreadable file. */
  input: 2,
  /** A bug, or a process that died: not the user's input (EX_SOFTWARE). */
  internal: 70,
} as const;

/** The command line itself is wrong. */
export class UsageError extends InputError {
  /** `usage`: the command's help, printed after the message when the command line itself is wrong. */
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** Errors that are the user's input, as opposed to bugs: print the message alone, exit 2. */
export function isInputError(e: unknown): e is Error {
  // A Pulumi program's own error (`pulumi.RunError`: it refused its input), told without the SDK.
  return e instanceof InputError || isRunError(e);
}
