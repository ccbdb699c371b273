/**
 * `mesh contract export --format odcs --out DIR`: the contract of every product version that runs
 * — the current ones and the superseded majors still consumed — as an ODCS v3.1.0 file,
 * `<domain>.<product>.v<major>.odcs.yaml`, for catalogs and tools that speak the standard. Servers
 * (topic, warehouse location) are added for each environment the domain has a stack file for.
 */
import { join, relative, resolve } from "node:path";
import { LOCK_FILE } from "../../components/contract/lock.js";
import { odcsFileName, odcsYaml, toOdcs } from "../../components/contract/odcs/exportOdcs.js";
import type { Deployment } from "../../components/contract/odcs/servers.js";
import { loadMesh } from "../../program/loadMesh.js";
import { platformSettingsFor } from "../../program/platformFile.js";
import { EXIT, UsageError } from "../errors.js";
import { type Output, writeFileAtomic } from "../io.js";
import { readStackFile, stackFilePaths } from "../plan/stackFile.js";

export interface ContractExportOptions {
  readonly root: string;
  readonly format: string;
  /** Output folder, relative to `root` unless absolute. */
  readonly out: string;
}

export const CONTRACT_FORMATS = ["odcs"] as const;

/** Each domain's deployments: an environment per stack file, with that environment's platform settings. */
export function deploymentsByDomain(root: string): Map<string, Deployment[]> {
  const byDomain = new Map<string, Deployment[]>();
  for (const path of stackFilePaths(join(root, "stacks"))) {
    const { domain, environment } = readStackFile(path);
    const platform = platformSettingsFor(root, environment);
    const deployment = {
      environment,
      kafkaBootstrapServers: platform.kafka.bootstrapServers,
      warehouseBucket: platform.warehouse.bucket,
    };
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), deployment]);
  }
  return byDomain;
}

export async function contractExportCommand(options: ContractExportOptions, io: Output): Promise<number> {
  if (!(CONTRACT_FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(`--format must be one of ${CONTRACT_FORMATS.join(", ")}, got "${options.format}"`);
  }
  const mesh = await loadMesh({}, join(options.root, "domains"));
  const deployments = deploymentsByDomain(options.root);
  const out = resolve(options.root, options.out);
  for (const { contract, retained, raw } of mesh.products) {
    const doc = toOdcs(contract, {
      deployments: deployments.get(contract.domain) ?? [],
      // A product derived only from other products has no topic to list.
      topic: raw !== undefined,
    });
    const file = join(out, odcsFileName(contract));
    // A retained major is no longer declared: it runs, and exports, as last published.
    writeFileAtomic(file, odcsYaml(doc, retained ? LOCK_FILE : `domains/${contract.domain}/index.ts`));
    const shown = relative(options.root, file);
    io.out(`wrote ${shown.startsWith("..") ? file : shown} (${contract.id}, version ${contract.version})`);
  }
  return EXIT.ok;
}
