/** How the CLI fails: a message for the user and an exit code, never a stack trace. */
import * as pulumi from "@pulumi/pulumi";
import { LockFileError } from "../components/contract/lock.js";
import { OdcsImportError } from "../components/contract/odcs/errors.js";
import { DeclarationError } from "../components/declaration/errors.js";
import { StateFileError } from "../policies/engine/stateFile.js";
import { PlatformFileError } from "../program/platformFile.js";
import { StackConfigError } from "../program/settings.js";
import { CycleError } from "../runner/order.js";
import { StackFileError } from "./plan/stackFile.js";

export const EXIT = {
  ok: 0,
  /** A mandatory policy was violated. */
  policy: 1,
  /** Bad input: usage, unknown stack or domain, bad declaration, unreadable file. */
  input: 2,
} as const;

/** The command line itself is wrong. */
export class UsageError extends Error {
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
  return (
    e instanceof UsageError ||
    e instanceof DeclarationError ||
    e instanceof StackConfigError ||
    e instanceof PlatformFileError ||
    e instanceof StackFileError ||
    e instanceof StateFileError ||
    e instanceof LockFileError ||
    e instanceof OdcsImportError ||
    e instanceof CycleError ||
    pulumi.RunError.isInstance(e)
  );
}
