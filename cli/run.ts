// Process entry of `mesh`: runs the command and exits with its code.
import { main } from "./mesh.js";

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // Only bugs get here (input errors are reported by main): say so without hiding the cause.
  process.stderr.write(`mesh: internal error: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 70;
}
