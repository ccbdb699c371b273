/** The Pulumi program of one stack: a domain's mesh node in one environment. */
import { dirname, join, relative } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LockFileError } from "../components/contract/lock.js";
import type { OutputPort } from "../components/DataProduct.js";
import { Domain } from "../components/Domain.js";
import type { DomainDefinition } from "../components/declaration/defineDomain.js";
import { DeclarationError } from "../components/declaration/errors.js";
import { registrationHookCount } from "../sdk/runtime.js";
import { defaultDomainsDir, domainFiles } from "./domainFiles.js";
import { importDomain, meshOf } from "./loadMesh.js";
import { type PlatformFile, PlatformFileError } from "./platformFile.js";
import { createProviders } from "./providers.js";
import { confined, readDomains } from "./readDomains.js";
import { readStackSettings, StackConfigError } from "./settings.js";

export interface MeshNodeOutputs {
  readonly domain: string;
  readonly environment: string;
  readonly namespace: pulumi.Output<string>;
  readonly outputPorts: pulumi.Output<Record<string, OutputPort>>;
}

/**
 * Reads the stack's configuration, validates the whole mesh, and declares this stack's domain.
 * A bad declaration or configuration stops here, before the platform registers any resource.
 *
 * Every domain's declaration is read as data by a child process that cannot reach the engine (see
 * readDomains.ts), and the Domain is built from that. Only this stack's own domain file then runs
 * here, inside the Pulumi runtime, so whatever its code creates is in this stack's plan for the
 * policy pack to judge.
 *
 * `root` is the project folder, where the platform team's `platform.yaml` is: by default the
 * folder holding `domains/` (the working directory under `pulumi up`). `mesh plan` passes the file
 * it read once up front instead, before any domain file's code ran: a plan worker plans each stack
 * of its domain in turn, and the file's code run in one stack's plan must not be able to rewrite
 * what the next deploys with.
 */
export async function deployMeshNode(
  domainsDir = defaultDomainsDir(),
  root: string | PlatformFile = dirname(domainsDir),
): Promise<MeshNodeOutputs> {
  try {
    const settings = readStackSettings(undefined, undefined, root);
    const files = domainFiles(domainsDir);
    const ownFile = join(domainsDir, settings.domain, "index.ts");
    if (!files.includes(ownFile)) {
      const known = files.map((f) => relative(domainsDir, f).split(/[\\/]/)[0]).join(", ");
      throw new StackConfigError(
        `mesh:domain "${settings.domain}" has no declaration in domains/ (known: ${known})`,
      );
    }
    // Every declaration, this stack's own included, is read as data by a child process, and the
    // Domain is built from it before the own file runs here: code in the file can then no longer
    // change the declaration, or the platform code that turns it into resources.
    const definitions = await readDomains(files);
    const mesh = await meshOf(
      definitions,
      { namePrefix: settings.platform.namePrefix, environments: [settings.environment] },
      domainsDir,
    );
    const declaration = mesh.domains.find((d) => d.name === settings.domain)!;
    const providers = createProviders(settings);
    const hooks = registrationHookCount();
    const node = new Domain(
      declaration.name,
      { declaration, mesh, environment: settings.environment, platform: settings.platform },
      { providers: [providers.aws, providers.kafka, providers.kubernetes] },
    );
    // Then the own file runs in this process, as `pulumi preview` runs it, so whatever its
    // top-level code creates lands in this stack for the policy pack to judge (and refuse).
    const own = confined(ownFile, await importDomain(ownFile, { fresh: true }));
    refuseHooks(own, hooks);
    return {
      domain: node.domain,
      environment: settings.environment,
      namespace: node.namespace,
      outputPorts: node.outputPorts,
    };
  } catch (e) {
    // Pulumi prints a RunError's message alone, without a stack trace.
    if (
      e instanceof DeclarationError ||
      e instanceof StackConfigError ||
      e instanceof PlatformFileError ||
      e instanceof LockFileError
    ) {
      throw new pulumi.RunError(e.message);
    }
    throw e;
  }
}

/**
 * The domain file may not hook resource registration (now or from a timer): a transformation
 * would let it rewrite or add to what the platform creates, out of the policy pack's sight of why.
 */
function refuseHooks(own: DomainDefinition, before: number): void {
  if (registrationHookCount() === before) return;
  throw new DeclarationError([
    {
      source: own.source,
      path: "",
      message:
        "registers a resource transformation; a domain file declares its domain, only the platform shapes its resources",
    },
  ]);
}
