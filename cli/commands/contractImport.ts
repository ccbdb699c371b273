/**
 * `mesh contract import FILE [--yaml]`: an ODCS data contract as a data product declaration to paste
 * into a domain (TypeScript, or YAML with --yaml) on stdout; warnings about defaults and dropped
 * ODCS fields on stderr. A contract that cannot be imported exits 2 with where and why.
 */
import { readFile } from "node:fs/promises";
import { OdcsImportError } from "../../components/contract/odcs/errors.js";
import { fromOdcs, readOdcsYaml } from "../../components/contract/odcs/importOdcs.js";
import { renderProductTs, renderProductYaml } from "../../components/contract/odcs/render.js";
import { EXIT } from "../errors.js";
import type { Output } from "../io.js";

export interface ContractImportOptions {
  readonly file: string;
  /** Print YAML instead of TypeScript. */
  readonly yaml?: boolean;
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "is a directory",
  EACCES: "permission denied",
};

export async function contractImportCommand(options: ContractImportOptions, io: Output): Promise<number> {
  let text: string;
  try {
    text = await readFile(options.file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    io.err(`error: ${options.file}: cannot read: ${READ_ERRORS[code] ?? (e as Error).message}`);
    return EXIT.input;
  }
  try {
    const imported = fromOdcs(readOdcsYaml(text));
    for (const warning of imported.warnings) io.err(`warning: ${warning}`);
    const render = options.yaml ? renderProductYaml : renderProductTs;
    io.out(render(imported, options.file).trimEnd());
    return EXIT.ok;
  } catch (e) {
    // Reported here, not by `main`, so the exit code holds wherever the command is called from.
    if (!(e instanceof OdcsImportError)) throw e;
    io.err(`error: ${options.file}: ${e.message}`);
    return EXIT.input;
  }
}
