/**
 * Service levels: the mesh's freshness SLO is ODCS `latency` (the standard prefers it to
 * "freshness"), availability is `availability` in percent, and the transform's cron schedule is
 * `frequency` (the longest gap between runs, with the cron expression in `schedule`).
 */
import { parseCron } from "../../declaration/cron.js";
import { humanDuration, longestGapMinutes } from "../../declaration/freshness.js";
import { durationMinutes } from "../../declaration/units.js";
import { child, type OdcsProblem } from "./errors.js";

export interface SlaProperty {
  readonly property: string;
  readonly value: string | number | boolean | null;
  readonly unit?: string;
  readonly description?: string;
  readonly scheduler?: string;
  readonly schedule?: string;
  readonly [key: string]: unknown;
}

/** ODCS time units the mesh reads, each with its length in minutes. */
const UNITS: readonly [RegExp, number][] = [
  [/^(m|min|mins|minute|minutes)$/i, 1],
  [/^(h|hr|hrs|hour|hours)$/i, 60],
  [/^(d|day|days)$/i, 1440],
  [/^(w|wk|wks|week|weeks)$/i, 10080],
];

/** `90` minutes → `{value: 90, unit: "min"}`; whole hours and days in their own unit. */
function duration(minutes: number): { value: number; unit: string } {
  if (minutes % 1440 === 0) return { value: minutes / 1440, unit: "d" };
  if (minutes % 60 === 0) return { value: minutes / 60, unit: "h" };
  return { value: minutes, unit: "min" };
}

export function slaPropertiesOf(slos: { freshness: string; availability?: number }, schedule: string) {
  const freshness = durationMinutes(slos.freshness);
  if (freshness === undefined) throw new Error(`invalid freshness ${slos.freshness}`);
  const gap = longestGapMinutes(schedule);
  const properties: SlaProperty[] = [
    { property: "latency", ...duration(freshness), description: `Data is at most ${slos.freshness} old.` },
  ];
  if (slos.availability !== undefined) {
    properties.push({ property: "availability", value: slos.availability, unit: "percent" });
  }
  properties.push({
    property: "frequency",
    ...(gap !== undefined ? duration(gap) : { value: null }),
    scheduler: "cron",
    schedule,
    description: "The product is rebuilt on this cron schedule (UTC).",
  });
  return properties;
}

export interface SlaReading {
  freshness?: string;
  availability?: number;
  schedule?: string;
  readonly problems: OdcsProblem[];
  readonly warnings: string[];
}

const SYNONYMS: Record<string, string> = {
  ly: "latency",
  freshness: "latency",
  av: "availability",
  fy: "frequency",
};

/** A value with a time unit in minutes, or a problem. */
function minutesOf(sla: SlaProperty, at: string, problems: OdcsProblem[]): number | undefined {
  const unit = UNITS.find(([re]) => re.test(sla.unit ?? ""));
  if (typeof sla.value !== "number" || !Number.isInteger(sla.value) || sla.value <= 0 || !unit) {
    problems.push({
      path: at,
      message: `${sla.property} ${sla.value}${sla.unit ? ` ${sla.unit}` : ""}: the mesh needs a whole number of minutes, hours, days or weeks`,
    });
    return undefined;
  }
  return sla.value * unit[1];
}

/** A cron expression running every `minutes`, when one exists (1–60 minutes dividing an hour, whole hours dividing a day, 1 day). */
export function cronEvery(minutes: number): string | undefined {
  if (minutes < 60 && 60 % minutes === 0) return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
  if (minutes === 60) return "0 * * * *";
  if (minutes % 60 === 0 && minutes < 1440 && 1440 % minutes === 0) return `0 */${minutes / 60} * * *`;
  if (minutes === 1440) return "0 0 * * *";
  if (minutes === 10080) return "0 0 * * 0";
  return undefined;
}

export function readSlaProperties(slas: readonly SlaProperty[]): SlaReading {
  const reading: SlaReading = { problems: [], warnings: [] };
  slas.forEach((sla, i) => {
    const at = child("slaProperties", i);
    const name = sla.property.toLowerCase();
    const property = SYNONYMS[name] ?? name;
    if (property === "latency") {
      const minutes = minutesOf(sla, at, reading.problems);
      if (minutes !== undefined) reading.freshness = humanDuration(minutes);
    } else if (property === "availability") {
      const value = typeof sla.value === "string" ? Number.parseFloat(sla.value) : sla.value;
      if (typeof value === "number" && value > 0 && value <= 100) reading.availability = value;
      else
        reading.problems.push({
          path: at,
          message: `availability ${sla.value}: the mesh needs a percentage`,
        });
    } else if (property === "frequency") {
      const cron =
        sla.schedule !== undefined && (sla.scheduler ?? "cron") === "cron" ? sla.schedule : undefined;
      if (cron !== undefined) {
        try {
          parseCron(cron);
          reading.schedule = cron;
          return;
        } catch (e) {
          reading.problems.push({
            path: child(at, "schedule"),
            message: `invalid cron schedule: ${(e as Error).message}`,
          });
          return;
        }
      }
      const minutes = minutesOf(sla, at, reading.problems);
      if (minutes === undefined) return;
      const every = cronEvery(minutes);
      if (every) {
        reading.schedule = every;
        reading.warnings.push(`${at}: frequency ${sla.value} ${sla.unit} → transform schedule "${every}"`);
      } else {
        reading.problems.push({
          path: at,
          message: `frequency ${sla.value} ${sla.unit} has no cron schedule; give one in \`schedule\``,
        });
      }
    } else {
      reading.warnings.push(`${at}: SLA property ${sla.property} ignored: the mesh has no place for it`);
    }
  });
  return reading;
}
