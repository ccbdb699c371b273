/**
 * `mesh product import FILE.odps.yaml [--contract FILE.odcs.yaml] [--yaml]`: an ODPS descriptor and
 * its output port's ODCS contract as a data product declaration to paste into a domain, with the
 * consumptions the domain must declare, on stdout; warnings on stderr. The contract is the one given,
 * or found beside the descriptor by the port's contractId. What cannot be imported exits 2 naming
 * the file, the line and the key path.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { LineCounter, parseDocument, stringify } from "yaml";
import { OdcsImportError } from "../../components/contract/odcs/errors.js";
import { renderProductTs, renderProductYaml } from "../../components/contract/odcs/render.js";
import {
  type ConsumptionInput,
  checkDescriptor,
  fromOdps,
  type ImportedDataProduct,
  OdpsImportError,
} from "../../components/product/odpsImport.js";
import { offsetOf } from "../../program/yamlOffset.js";
import { EXIT } from "../errors.js";
import type { Output } from "../io.js";

export interface ProductImportOptions {
  readonly file: string;
  /** The output port's ODCS contract; default: found beside `file`. */
  readonly contract?: string;
  /** Print YAML instead of TypeScript. */
  readonly yaml?: boolean;
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "is a directory",
  EACCES: "permission denied",
};

/** A file that cannot be read, or is not YAML: the message names it, and the line and column. */
class FileError extends Error {}

interface YamlFile {
  readonly doc: unknown;
  /** The line a key path (`outputPorts[0].contractId`) is on, or its nearest existing parent's. */
  readonly lineOf: (path: string) => number;
}

/** `outputPorts[0].contractId` → `["outputPorts", 0, "contractId"]`. */
const keysOf = (path: string) =>
  path
    .split(/\.|\[(\d+)\]/)
    .filter((k) => k !== undefined && k !== "")
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));

/** Parses `file` as YAML 1.2 (dates stay strings), keeping where each key is for messages. */
function readYaml(file: string): YamlFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    throw new FileError(`${file}: cannot read: ${READ_ERRORS[code] ?? (e as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const yaml = parseDocument(text, { version: "1.2", lineCounter, prettyErrors: false });
  const syntax = yaml.errors[0];
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    // yaml's message repeats the position and quotes the text: the position leads instead.
    const message = syntax.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw new FileError(`${file}:${line}:${col}: not a YAML document: ${message}`);
  }
  return {
    doc: yaml.toJS(),
    lineOf: (path) => lineCounter.linePos(offsetOf(yaml.contents, keysOf(path))).line,
  };
}

const ODCS_FILE = /\.odcs\.ya?ml$/;

/**
 * The ODCS file beside `descriptor` whose id is `contractId`: `<id>.odcs.yaml` as `mesh contract
 * export` names it, else any `*.odcs.yaml` there with that id. Only files listed in the folder are
 * candidates: an id like `../x` never leads outside it. Undefined when there is none.
 */
function contractBeside(descriptor: string, contractId: string): string | undefined {
  const folder = dirname(descriptor);
  const files = readdirSync(folder).filter((f) => ODCS_FILE.test(f));
  const named = `${contractId}.odcs.yaml`;
  const ordered = files.includes(named) ? [named, ...files.filter((f) => f !== named)] : files;
  return ordered
    .map((f) => join(folder, f))
    .find((file) => {
      try {
        return (readYaml(file).doc as { id?: unknown } | null)?.id === contractId;
      } catch {
        return false; // an unreadable neighbour is not the contract; the error names the id sought
      }
    });
}

/** The error, each problem with the file and the line it is at. */
function report(io: Output, file: string, e: OdcsImportError, lineOf?: (path: string) => number): void {
  io.err(`error: ${file}: ${e.summary}`);
  for (const p of e.problems) {
    const where = lineOf && p.path ? `${file}:${lineOf(p.path)}: ` : "";
    io.err(`  ${where}${p.path ? `${p.path}: ` : ""}${p.message}`);
  }
}

const tsConsumption = (c: ConsumptionInput) =>
  `{ ${Object.entries(c)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(", ")} }`;

function render(imported: ImportedDataProduct, descriptor: string, contract: string, yaml: boolean): string {
  const domain = imported.domain ? `domains/${imported.domain}/index.ts` : "the domain";
  const lines = [
    `Data product described by the ODPS descriptor ${descriptor}.`,
    ...(imported.consumes.length > 0
      ? [
          `Its transform reads these products: add them to consumes of ${domain}:`,
          ...imported.consumes.map(
            (c) =>
              `  ${yaml ? `- ${stringify(c, { collectionStyle: "flow", lineWidth: 0 }).trim()}` : `${tsConsumption(c)},`}`,
          ),
        ]
      : []),
  ];
  const comment = lines.map((l) => `${yaml ? "#" : "//"} ${l}`).join("\n");
  const product = (yaml ? renderProductYaml : renderProductTs)(imported, contract);
  return `${comment}\n${product}`.trimEnd();
}

export async function productImportCommand(options: ProductImportOptions, io: Output): Promise<number> {
  let descriptor: YamlFile | undefined;
  let contractFile: string | undefined;
  let contract: YamlFile | undefined;
  try {
    descriptor = readYaml(options.file);
    const checked = checkDescriptor(descriptor.doc);
    const id = checked.port?.contractId;
    contractFile = options.contract ?? (id !== undefined ? contractBeside(options.file, id) : undefined);
    if (contractFile !== undefined) contract = readYaml(contractFile);
    const imported = fromOdps(
      checked,
      contract && contractFile ? { doc: contract.doc, source: contractFile } : undefined,
    );
    for (const warning of imported.warnings) io.err(`warning: ${warning}`);
    // fromOdps refuses a descriptor without a contract, so there is one here.
    io.out(render(imported, options.file, contractFile!, options.yaml === true));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof FileError) {
      io.err(`error: ${e.message}`);
      return EXIT.input;
    }
    // Reported here, not by `main`, so the exit code holds wherever the command is called from.
    if (!(e instanceof OdcsImportError)) throw e;
    // Until the contract is read, every error is the descriptor's; after, the ODCS import's are the contract's.
    const inContract =
      contractFile !== undefined && (contract === undefined || !(e instanceof OdpsImportError));
    if (inContract) report(io, contractFile!, e, contract?.lineOf);
    else report(io, options.file, e, descriptor?.lineOf);
    return EXIT.input;
  }
}
