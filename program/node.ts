/** The Pulumi program of one stack: a domain's mesh node in one environment. */
import * as pulumi from "@pulumi/pulumi";
import { LockFileError } from "../components/contract/lock.js";
import type { OutputPort } from "../components/DataProduct.js";
import { Domain } from "../components/Domain.js";
import { DeclarationError } from "../components/declaration/errors.js";
import { loadMesh } from "./loadMesh.js";
import { createProviders } from "./providers.js";
import { readStackSettings, StackConfigError } from "./settings.js";

export interface MeshNodeOutputs {
  readonly domain: string;
  readonly environment: string;
  readonly namespace: pulumi.Output<string>;
  readonly outputPorts: pulumi.Output<Record<string, OutputPort>>;
}

/**
 * Reads the stack's configuration, validates the whole mesh, and declares this stack's domain.
 * A bad declaration or configuration stops here, before any resource is registered.
 */
export async function deployMeshNode(domainsDir?: string): Promise<MeshNodeOutputs> {
  try {
    const settings = readStackSettings();
    const mesh = await loadMesh(
      { namePrefix: settings.platform.namePrefix, environments: [settings.environment] },
      domainsDir,
    );
    const declaration = mesh.domains.find((d) => d.name === settings.domain);
    if (!declaration) {
      const known = mesh.domains.map((d) => d.name).join(", ");
      throw new StackConfigError(
        `mesh:domain "${settings.domain}" has no declaration in domains/ (known: ${known})`,
      );
    }
    const providers = createProviders(settings);
    const node = new Domain(
      declaration.name,
      { declaration, mesh, environment: settings.environment, platform: settings.platform },
      { providers: [providers.aws, providers.kafka, providers.kubernetes] },
    );
    return {
      domain: node.domain,
      environment: settings.environment,
      namespace: node.namespace,
      outputPorts: node.outputPorts,
    };
  } catch (e) {
    // Pulumi prints a RunError's message alone, without a stack trace.
    if (e instanceof DeclarationError || e instanceof StackConfigError || e instanceof LockFileError) {
      throw new pulumi.RunError(e.message);
    }
    throw e;
  }
}
