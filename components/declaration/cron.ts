/**
 * Parses the five-field cron expressions Kubernetes CronJobs accept (plus the `@hourly`-style
 * macros), so a bad schedule is rejected at plan time instead of by the API server at deploy time.
 */

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  // 7 is Sunday too, as in Vixie cron and Kubernetes.
  { name: "day-of-week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

/** The allowed values of each field; day-of-week 7 is folded into 0. */
export interface CronSchedule {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[];
  readonly months: readonly number[];
  readonly daysOfWeek: readonly number[];
  /** Whether day-of-month / day-of-week were restricted (cron ORs them when both are). */
  readonly domRestricted: boolean;
  readonly dowRestricted: boolean;
}

export class CronError extends Error {}

function parseValue(raw: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(raw.toUpperCase()) ?? -1;
  const value = named >= 0 ? named + (spec.name === "month" ? 1 : 0) : Number(raw);
  if (!/^\d+$/.test(raw) && named < 0) {
    throw new CronError(`${spec.name} field: "${raw}" is not a number`);
  }
  if (value < spec.min || value > spec.max) {
    throw new CronError(`${spec.name} field: ${raw} is out of range ${spec.min}-${spec.max}`);
  }
  return value;
}

/**
 * A field's values, and whether it counts as unrestricted for the day-of-month / day-of-week rule.
 * As in Kubernetes' cron (robfig/cron v3), a field with an item `*` (alone or stepped by 1) does:
 * the two day fields are then ANDed; an item stepped by more (every other day) restricts the field,
 * and two restricted day fields are ORed.
 */
function parseField(text: string, spec: FieldSpec): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(",")) {
    const [range, stepText, extra] = part.split("/");
    if (range === undefined || range === "" || extra !== undefined) {
      throw new CronError(`${spec.name} field: "${part}" is malformed`);
    }
    let step = 1;
    if (stepText !== undefined) {
      step = Number(stepText);
      if (!/^\d+$/.test(stepText) || step < 1) {
        throw new CronError(`${spec.name} field: step "${stepText}" must be a positive whole number`);
      }
    }
    let lo: number;
    let hi: number;
    if (range === "*") {
      lo = spec.min;
      hi = spec.max;
      star ||= step === 1;
    } else if (range.includes("-")) {
      const ends = range.split("-");
      if (ends.length !== 2) throw new CronError(`${spec.name} field: range "${range}" must have two ends`);
      const [a, b] = ends;
      lo = parseValue(a ?? "", spec);
      hi = parseValue(b ?? "", spec);
      if (lo > hi) throw new CronError(`${spec.name} field: range "${range}" runs backwards`);
    } else {
      lo = parseValue(range, spec);
      hi = stepText === undefined ? lo : spec.max;
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, star };
}

/** Parses a cron expression; throws {@link CronError} saying which field is wrong and why. */
export function parseCron(expression: string): CronSchedule {
  const text = MACROS[expression.trim()] ?? expression.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5) {
    throw new CronError(
      `expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, got ${parts.length}`,
    );
  }
  const fields = parts.map((p, i) => parseField(p, FIELDS[i]!));
  const sets = fields.map((f) => f.values);
  const dow = sets[4]!;
  if (dow.delete(7)) dow.add(0);
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return {
    minutes: sorted(sets[0]!),
    hours: sorted(sets[1]!),
    daysOfMonth: sorted(sets[2]!),
    months: sorted(sets[3]!),
    daysOfWeek: sorted(dow),
    domRestricted: !fields[2]!.star,
    dowRestricted: !fields[4]!.star,
  };
}

/** Undefined when the expression is valid, otherwise why it is not. */
export function cronProblem(expression: string): string | undefined {
  try {
    parseCron(expression);
    return undefined;
  } catch (e) {
    if (e instanceof CronError) return e.message;
    throw e;
  }
}
