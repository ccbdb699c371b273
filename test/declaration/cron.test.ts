import { describe, expect, it } from "vitest";
import { CronError, cronProblem, parseCron } from "../../components/declaration/index.js";

const range = (lo: number, hi: number, step = 1) => {
  const out: number[] = [];
  for (let v = lo; v <= hi; v += step) out.push(v);
  return out;
};

describe("parseCron", () => {
  it("expands * to every value of each field", () => {
    expect(parseCron("* * * * *")).toEqual({
      minutes: range(0, 59),
      hours: range(0, 23),
      daysOfMonth: range(1, 31),
      months: range(1, 12),
      daysOfWeek: range(0, 6),
      domRestricted: false,
      dowRestricted: false,
    });
  });

  it("parses single values, lists, ranges and steps", () => {
    const s = parseCron("*/15 9-17 1,15 1-12/3 1-5");
    expect(s.minutes).toEqual([0, 15, 30, 45]);
    expect(s.hours).toEqual(range(9, 17));
    expect(s.daysOfMonth).toEqual([1, 15]);
    expect(s.months).toEqual([1, 4, 7, 10]);
    expect(s.daysOfWeek).toEqual([1, 2, 3, 4, 5]);
    expect(s.domRestricted).toBe(true);
    expect(s.dowRestricted).toBe(true);
  });

  it("treats a stepped single value as running to the field's maximum", () => {
    expect(parseCron("5/20 * * * *").minutes).toEqual([5, 25, 45]);
  });

  it("sorts and de-duplicates values", () => {
    expect(parseCron("30,5,5,10-12 * * * *").minutes).toEqual([5, 10, 11, 12, 30]);
  });

  it("accepts month and weekday names in any case", () => {
    const s = parseCron("0 0 * jan,Jul,DEC mon-fri");
    expect(s.months).toEqual([1, 7, 12]);
    expect(s.daysOfWeek).toEqual([1, 2, 3, 4, 5]);
    expect(parseCron("0 0 * * SUN").daysOfWeek).toEqual([0]);
    const every = parseCron(
      "0 0 * JAN,FEB,MAR,APR,MAY,JUN,JUL,AUG,SEP,OCT,NOV,DEC SUN,MON,TUE,WED,THU,FRI,SAT",
    );
    expect(every.months).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(every.daysOfWeek).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("accepts a range of one value", () => {
    expect(parseCron("5-5 * * * *").minutes).toEqual([5]);
  });

  it("folds day-of-week 7 into Sunday (0)", () => {
    expect(parseCron("0 0 * * 7").daysOfWeek).toEqual([0]);
    expect(parseCron("0 0 * * 5-7").daysOfWeek).toEqual([0, 5, 6]);
  });

  it.each([
    ["@yearly", "0 0 1 1 *"],
    ["@annually", "0 0 1 1 *"],
    ["@monthly", "0 0 1 * *"],
    ["@weekly", "0 0 * * 0"],
    ["@daily", "0 0 * * *"],
    ["@midnight", "0 0 * * *"],
    ["@hourly", "0 * * * *"],
  ])("expands the macro %s to %s", (macro, expanded) => {
    expect(parseCron(macro)).toEqual(parseCron(expanded));
  });

  it("ignores surrounding and repeated whitespace", () => {
    expect(parseCron("  0   12 * *\t* ")).toEqual(parseCron("0 12 * * *"));
    expect(parseCron(" @daily ")).toEqual(parseCron("0 0 * * *"));
  });

  it.each([
    ["60 * * * *", "minute field: 60 is out of range 0-59"],
    ["* 24 * * *", "hour field: 24 is out of range 0-23"],
    ["* * 0 * *", "day-of-month field: 0 is out of range 1-31"],
    ["* * 32 * *", "day-of-month field: 32 is out of range 1-31"],
    ["* * * 13 *", "month field: 13 is out of range 1-12"],
    ["* * * 0 *", "month field: 0 is out of range 1-12"],
    ["* * * * 8", "day-of-week field: 8 is out of range 0-7"],
    ["x * * * *", 'minute field: "x" is not a number'],
    ["* * * * MONDAY", 'day-of-week field: "MONDAY" is not a number'],
    ["JAN * * * *", 'minute field: "JAN" is not a number'],
    ["-5 * * * *", 'minute field: "" is not a number'],
    ["1.5 * * * *", 'minute field: "1.5" is not a number'],
    ["5-1 * * * *", 'minute field: range "5-1" runs backwards'],
    ["*/0 * * * *", 'minute field: step "0" must be a positive whole number'],
    ["*/x * * * *", 'minute field: step "x" must be a positive whole number'],
    ["*/+5 * * * *", 'minute field: step "+5" must be a positive whole number'],
    ["*/5e1 * * * *", 'minute field: step "5e1" must be a positive whole number'],
    ["*/5/2 * * * *", 'minute field: "*/5/2" is malformed'],
    ["1,,2 * * * *", 'minute field: "" is malformed'],
    ["/5 * * * *", 'minute field: "/5" is malformed'],
    [
      "* * * *",
      "expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, got 4",
    ],
    [
      "0 * * * * *",
      "expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, got 6",
    ],
    ["", "expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, got 1"],
    [
      "@reboot",
      "expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, got 1",
    ],
  ])("rejects %j: %s", (expression, message) => {
    expect(() => parseCron(expression)).toThrow(CronError);
    expect(() => parseCron(expression)).toThrow(message);
    expect(cronProblem(expression)).toBe(message);
  });

  it("rejects a range with more than two ends", () => {
    // `1-2-3` is not a range; Kubernetes (robfig/cron) refuses it ("too many hyphens").
    expect(cronProblem("1-2-3 * * * *")).toBe('minute field: range "1-2-3" must have two ends');
    expect(() => parseCron("1-2-3 * * * *")).toThrow(CronError);
  });
});

describe("cronProblem", () => {
  it("is undefined for valid expressions", () => {
    for (const e of [
      "*/15 * * * *",
      "5 * * * *",
      "0 * * * *",
      "@hourly",
      "0 6 * * MON-FRI",
      "59 23 31 12 7",
    ]) {
      expect(cronProblem(e), e).toBeUndefined();
    }
  });
});
