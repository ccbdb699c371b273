/**
 * `mesh contract import FILE [--yaml]`: an ODCS data contract as data product declarations to paste
 * into a domain (TypeScript, or YAML with --yaml) on stdout, one per table the contract describes;
 * warnings about defaults and dropped ODCS fields on stderr. A contract that cannot be imported
 * exits 2 with where and why.
 */
import { readFile } from "node:fs/promises";
import { OdcsImportError } from "../../components/contract/odcs/errors.js";
import { fromOdcsTables, readOdcsYaml } from "../../components/contract/odcs/importOdcs.js";
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
    const products = fromOdcsTables(readOdcsYaml(text));
    // Contract-level warnings (servers, team…) hold for every product: each is printed once.
    for (const warning of new Set(products.flatMap((p) => p.warnings))) io.err(`warning: ${warning}`);
    const render = options.yaml ? renderProductYaml : renderProductTs;
    // Several products: TypeScript entries of one dataProducts array, or YAML documents.
    const separator = options.yaml ? "\n---\n" : ",\n\n";
    io.out(products.map((p) => render(p, options.file).trimEnd()).join(separator));
    return EXIT.ok;
  } catch (e) {
    // Reported here, not by `main`, so the exit code holds wherever the command is called from.
    if (!(e instanceof OdcsImportError)) throw e;
    io.err(`error: ${options.file}: ${e.message}`);
    return EXIT.input;
  }
}
