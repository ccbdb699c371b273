// Entry point Pulumi's policy runner loads: it require()s this directory (with ts-node registered for
// CommonJS), but the pack is ESM ("type": "module"). It runs the platform's compiled copy when that
// is the copy to run (bin/platformCopy.js: the package's, or a checkout's while it is current), as
// the `mesh` command does: half a second less of the pack's start-up, at every preview, than
// compiling its TypeScript as it loads. Else the sources: importing `tsx/esm` registers tsx's ESM
// loader hooks, as `node --import tsx/esm` would. The runner awaits the exported promise, so a load
// failure fails the pack's start-up.
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");

const root = join(__dirname, "..");
module.exports = import(pathToFileURL(join(root, "bin", "platformCopy.js")).href)
  .then(({ compiledCopy }) => compiledCopy(root))
  .then((dist) =>
    dist
      ? import(pathToFileURL(join(dist, "policies", "index.js")).href)
      : import("tsx/esm").then(() => import("./index.ts")),
  );
