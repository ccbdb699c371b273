// Process entry of `mesh`: runs the command and exits with its code.
import { deferClosureSerialization } from "../sdk/deferClosure.js";
import { main } from "./mesh.js";

// Commands load the SDK on demand (mesh.ts imports each command when it runs); none serializes a
// function, so the SDK's closure serializer, most of its load time, is loaded only if one does.
deferClosureSerialization();

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // Only bugs get here (input errors are reported by main): say so without hiding the cause.
  process.stderr.write(`mesh: internal error: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 70;
}
