/**
 * Where a run's OpenLineage events go: an NDJSON file (appended, one event a line) and/or an
 * OpenLineage HTTP endpoint (`POST <url>/api/v1/lineage`, what Marquez serves). Lineage is an
 * observer: a transport that fails never fails the run. Its first failure is reported, and the
 * transport is then left alone for the rest of the run, so a dead endpoint costs one timeout, not
 * one per event.
 */
import { randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import {
  endEvent,
  type LineageJob,
  type OpenLineageEvent,
  type RunOutcome,
  startEvent,
} from "../../components/openlineage/events.js";
import { firstLine } from "../errors.js";

export interface LineageTransport {
  /** For messages: the file, or the endpoint. */
  readonly target: string;
  send(event: OpenLineageEvent): Promise<void>;
}

export const fileTransport = (path: string): LineageTransport => ({
  target: path,
  async send(event) {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, `${JSON.stringify(event)}\n`);
  },
});

/** How long one POST may take: lineage waits for nobody. */
const HTTP_TIMEOUT_MS = 5000;

const URL_PATTERN = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;

/** The endpoint of an OpenLineage API at `url` (a Marquez base URL); undefined when `url` is not one. */
export function lineageEndpoint(url: string): string | undefined {
  return URL_PATTERN.test(url) ? `${url.replace(/\/+$/, "")}/api/v1/lineage` : undefined;
}

export const httpTransport = (endpoint: string): LineageTransport => ({
  target: endpoint,
  async send(event) {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    // The body is not read otherwise: free the connection.
    await response.body?.cancel();
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  },
});

export class LineageEmitter {
  readonly #transports: LineageTransport[];
  readonly #report: (message: string) => void;
  /** What went wrong, one line per failed transport. */
  readonly problems: string[] = [];

  constructor(transports: readonly LineageTransport[], report: (message: string) => void) {
    this.#transports = [...transports];
    this.#report = report;
  }

  async #emit(event: OpenLineageEvent): Promise<void> {
    for (const transport of [...this.#transports]) {
      try {
        await transport.send(event);
      } catch (e) {
        const cause = (e as { cause?: unknown }).cause;
        const message = `lineage: cannot send to ${transport.target} (the run goes on without it): ${firstLine(e)}${
          cause instanceof Error ? `: ${firstLine(cause)}` : ""
        }`;
        this.problems.push(message);
        this.#report(message);
        this.#transports.splice(this.#transports.indexOf(transport), 1);
      }
    }
  }

  /** Emits the START of a run of `job`; the run's id, for its end. */
  async start(job: LineageJob): Promise<string> {
    const runId = randomUUID();
    await this.#emit(startEvent(job, runId, new Date()));
    return runId;
  }

  async end(job: LineageJob, runId: string, outcome: RunOutcome): Promise<void> {
    await this.#emit(endEvent(job, runId, new Date(), outcome));
  }
}
