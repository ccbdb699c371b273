/**
 * Whether a transform's schedule can meet its freshness SLO: data is at most as fresh as the longest
 * gap between two runs, so that gap must not exceed the declared freshness.
 */
import { CronError, type CronSchedule, parseCron } from "./cron.js";
import { durationMinutes } from "./units.js";

const MINUTES_PER_DAY = 1440;

/** Whether cron fires on a day: day-of-month and day-of-week are ORed when both are restricted. */
function firesOn(s: CronSchedule, date: Date): boolean {
  if (!s.months.includes(date.getUTCMonth() + 1)) return false;
  const dom = s.daysOfMonth.includes(date.getUTCDate());
  const dow = s.daysOfWeek.includes(date.getUTCDay());
  if (s.domRestricted && s.dowRestricted) return dom || dow;
  if (s.domRestricted) return dom;
  if (s.dowRestricted) return dow;
  return true;
}

/**
 * Gaps already computed, by expression. A mesh repeats a handful of schedules over its products
 * (`0 * * * *`), and every product's is checked by each process that validates the mesh: walking
 * four years of one schedule is a millisecond, most of validating a mesh of 1,000 products.
 * Bounded, as the expressions are a declaration's (whatever a hostile mesh holds).
 */
const gaps = new Map<string, number | undefined>();
const GAPS_KEPT = 1024;

/**
 * The longest time between two consecutive runs, in minutes, over four years (every weekday, month
 * length and leap day occurs); undefined when the schedule never fires (e.g. 30 February). Throws
 * a {@link CronError} for an expression that is not a schedule.
 */
export function longestGapMinutes(expression: string): number | undefined {
  if (gaps.has(expression)) return gaps.get(expression);
  const gap = walkedGapMinutes(parseCron(expression));
  if (gaps.size >= GAPS_KEPT) gaps.clear();
  gaps.set(expression, gap);
  return gap;
}

function walkedGapMinutes(schedule: CronSchedule): number | undefined {
  const start = Date.UTC(2024, 0, 1);
  const days = 4 * 365 + 1;
  const times = schedule.hours.flatMap((h) => schedule.minutes.map((m) => h * 60 + m));
  let first: number | undefined;
  let previous: number | undefined;
  let longest = 0;
  for (let day = 0; day < days; day++) {
    if (!firesOn(schedule, new Date(start + day * 86_400_000))) continue;
    for (const time of times) {
      const at = day * MINUTES_PER_DAY + time;
      if (previous !== undefined) longest = Math.max(longest, at - previous);
      first ??= at;
      previous = at;
    }
  }
  if (first === undefined || previous === undefined) return undefined;
  // The cycle repeats: the gap from the last run to the first run of the next cycle counts too.
  return Math.max(longest, first + days * MINUTES_PER_DAY - previous);
}

/** A number of minutes as the shortest duration that states it exactly: `90m`, `6h`, `1d`. */
export const humanDuration = (minutes: number) =>
  minutes % MINUTES_PER_DAY === 0
    ? `${minutes / MINUTES_PER_DAY}d`
    : minutes % 60 === 0
      ? `${minutes / 60}h`
      : `${minutes}m`;

/** Undefined when `schedule` keeps data within `freshness`; otherwise why it cannot. */
export function freshnessProblem(schedule: string, freshness: string): string | undefined {
  const limit = durationMinutes(freshness);
  let gap: number | undefined;
  try {
    gap = longestGapMinutes(schedule);
  } catch (e) {
    if (e instanceof CronError) return undefined; // the schedule's own check reports it
    throw e;
  }
  if (limit === undefined) return undefined;
  if (gap === undefined) return `"${schedule}" never runs, so no freshness can be met`;
  if (gap <= limit) return undefined;
  return `"${schedule}" leaves up to ${humanDuration(gap)} between runs, so data can be ${humanDuration(gap)} old, but slos.freshness is ${freshness}; run at least every ${freshness}`;
}
