/**
 * A domain file's `export default`, however Node loaded the file. Outside a `"type": "module"`
 * package (a package.json as `npm init` writes it, or none) Node takes a `.ts` file for CommonJS,
 * and tsx compiles its `export default` to `exports.default`; the module's default is then the
 * whole `exports` object, marked `__esModule` by the compiler (run from the sources; compiled, the
 * platform's TypeScript hooks load every file as an ES module). Both the reader of other domains'
 * declarations and a stack's own import take the declaration from here, so a file loads alike.
 */
export function defaultExport(module: { readonly default?: unknown }): unknown {
  const value = module.default;
  if (typeof value !== "object" || value === null) return value;
  const compiled = value as { readonly __esModule?: unknown; readonly default?: unknown };
  return compiled.__esModule === true && "default" in compiled ? compiled.default : value;
}
