/**
 * The environment of a process that runs domain files' code: a declaration reader
 * (readDomains.ts) or a `mesh plan` worker (cli/plan/pool.ts). Neither talks to the Pulumi engine,
 * a cloud or a cluster, so neither needs a credential, and a domain team's code must not read the
 * ones of whoever runs `mesh plan` (a CI job's cloud keys, its Pulumi or Git token): only the
 * variables below are passed on, deny by default.
 */
import { createRequire } from "node:module";
import { delimiter, dirname } from "node:path";

/** What Node, tsx and the platform need to run: the shell's basics, locale, temp dirs and their own switches. */
const PASSED =
  /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR|TMP|TEMP|SYSTEMROOT|NODE_OPTIONS|NO_COLOR|FORCE_COLOR|TSX_[A-Z_]+|MESH_CACHE|MESH_DEBUG)$/i;

/** node_modules holding the platform's dependencies (@pulumi/pulumi among them). */
const PLATFORM_MODULES = dirname(dirname(dirname(createRequire(import.meta.url).resolve("@pulumi/pulumi"))));

/**
 * The variables of this process that {@link PASSED} allows, and a NODE_PATH that lets a domain file
 * in a folder without node_modules require the packages the platform depends on, as it can in its
 * own stack (platformResolution.ts does so for imports).
 */
export function domainCodeEnvironment(): NodeJS.ProcessEnv {
  const env = Object.entries(process.env).filter(([key]) => PASSED.test(key));
  const nodePath = [process.env.NODE_PATH, PLATFORM_MODULES].filter(Boolean).join(delimiter);
  return { ...Object.fromEntries(env), NODE_PATH: nodePath };
}
