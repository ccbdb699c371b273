/**
 * Starts every engine the integration scenarios need (scripts/integration/services.ts) on
 * loopback, in order, hands their addresses to the tests, and stops them when the run ends.
 */
import type { TestProject } from "vitest/node";
import type { RunningServer } from "../../scripts/integration/service.js";
import { INTEGRATION_SERVICES, type IntegrationServices } from "../../scripts/integration/services.js";

declare module "vitest" {
  export interface ProvidedContext {
    integration: IntegrationServices;
  }
}

export default async function setup(project: TestProject) {
  const running: RunningServer[] = [];
  const info: Record<string, unknown> = {};
  const stopAll = async () => {
    for (const server of running.reverse()) await server.stop();
  };
  try {
    for (const service of INTEGRATION_SERVICES) {
      await service.install();
      const started = await service.start(info as Partial<IntegrationServices>);
      running.push(...started.servers);
      info[service.name] = started.info;
    }
  } catch (e) {
    await stopAll();
    throw e;
  }
  project.provide("integration", info as unknown as IntegrationServices);
  return stopAll;
}
