// Entry point Pulumi's policy runner loads: it require()s this directory (with ts-node registered for
// CommonJS), but the pack is ESM TypeScript ("type": "module"). Importing `tsx/esm` registers tsx's
// ESM loader hooks, as `node --import tsx/esm` would; the runner awaits the exported promise, so a
// load failure fails the pack's start-up.
module.exports = import("tsx/esm").then(() => import("./index.ts"));
