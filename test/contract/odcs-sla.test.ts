/**
 * Service levels between ODCS and the mesh (`components/contract/odcs/sla.ts`): freshness is
 * `latency`, availability a percentage, the schedule `frequency` with its cron expression. Import
 * reads only what it can state exactly — a unit it does not know is refused, never guessed (a month
 * is not a minute) — and export writes what import reads back.
 */
import { describe, expect, it } from "vitest";
import { cronEvery, readSlaProperties, slaPropertiesOf } from "../../components/contract/odcs/sla.js";

const WHOLE = "the mesh needs a whole number of minutes, hours, days or weeks";

describe("export of a product's service levels", () => {
  it("states freshness in its largest whole unit, availability in percent, and the schedule's longest gap", () => {
    expect(slaPropertiesOf({ freshness: "90m", availability: 99.9 }, "*/15 * * * *")).toEqual([
      { property: "latency", value: 90, unit: "min", description: "Data is at most 90m old." },
      { property: "availability", value: 99.9, unit: "percent" },
      {
        property: "frequency",
        value: 15,
        unit: "min",
        scheduler: "cron",
        schedule: "*/15 * * * *",
        description: "The product is rebuilt on this cron schedule (UTC).",
      },
    ]);
    expect(slaPropertiesOf({ freshness: "2h" }, "0 3 * * *")).toEqual([
      { property: "latency", value: 2, unit: "h", description: "Data is at most 2h old." },
      {
        property: "frequency",
        value: 1,
        unit: "d",
        scheduler: "cron",
        schedule: "0 3 * * *",
        description: "The product is rebuilt on this cron schedule (UTC).",
      },
    ]);
  });

  it("gives a schedule that never fires no frequency value, and refuses a freshness it cannot read", () => {
    expect(slaPropertiesOf({ freshness: "2d" }, "0 0 30 2 *")[1]).toEqual({
      property: "frequency",
      value: null,
      scheduler: "cron",
      schedule: "0 0 30 2 *",
      description: "The product is rebuilt on this cron schedule (UTC).",
    });
    expect(() => slaPropertiesOf({ freshness: "soon" }, "0 3 * * *")).toThrow("invalid freshness soon");
  });

  it("is read back as the same service levels", () => {
    const slos = { freshness: "6h", availability: 99.5 };
    expect(readSlaProperties(slaPropertiesOf(slos, "0 */2 * * *"))).toEqual({
      freshness: "6h",
      availability: 99.5,
      schedule: "0 */2 * * *",
      problems: [],
      warnings: [],
    });
  });
});

describe("import of ODCS latency", () => {
  it("reads every spelling of minutes, hours, days and weeks, under any of its names", () => {
    const read = (property: string, value: number, unit: string) =>
      readSlaProperties([{ property, value, unit }]).freshness;
    expect(read("latency", 30, "minutes")).toBe("30m");
    expect(read("latency", 90, "MIN")).toBe("90m");
    expect(read("ly", 2, "hrs")).toBe("2h");
    expect(read("Latency", 120, "m")).toBe("2h");
    expect(read("freshness", 1, "Day")).toBe("1d");
    expect(read("latency", 2, "wk")).toBe("14d");
  });

  it("refuses a unit it does not know, even one that starts or ends like one it does", () => {
    for (const unit of [
      "months",
      "month",
      "second",
      "weekdays",
      "xmin",
      "halfday",
      "decade",
      "hz",
      "biweek",
    ]) {
      expect(readSlaProperties([{ property: "latency", value: 1, unit }])).toEqual({
        problems: [{ path: "slaProperties[0]", message: `latency 1 ${unit}: ${WHOLE}` }],
        warnings: [],
      });
    }
  });

  it("refuses a value that is not a whole, positive number, naming it with or without its unit", () => {
    const problem = (value: unknown, unit?: string) =>
      readSlaProperties([{ property: "latency", value: value as number, ...(unit ? { unit } : {}) }])
        .problems[0]?.message;
    expect(problem("30", "min")).toBe(`latency 30 min: ${WHOLE}`);
    expect(problem(1.5, "h")).toBe(`latency 1.5 h: ${WHOLE}`);
    expect(problem(0, "min")).toBe(`latency 0 min: ${WHOLE}`);
    expect(problem(-1, "d")).toBe(`latency -1 d: ${WHOLE}`);
    expect(problem(30)).toBe(`latency 30: ${WHOLE}`);
  });
});

describe("import of ODCS availability", () => {
  it("reads a percentage, as a number or a text, above 0 and at most 100", () => {
    const read = (value: unknown) =>
      readSlaProperties([{ property: "availability", value: value as number }]).availability;
    expect(read(99.9)).toBe(99.9);
    expect(read("99.5")).toBe(99.5);
    expect(read(100)).toBe(100);
    expect(readSlaProperties([{ property: "av", value: 0.01 }]).availability).toBe(0.01);
  });

  it("refuses anything else", () => {
    for (const value of [0, 100.1, -5, true, "high"]) {
      expect(readSlaProperties([{ property: "availability", value }])).toEqual({
        problems: [
          { path: "slaProperties[0]", message: `availability ${value}: the mesh needs a percentage` },
        ],
        warnings: [],
      });
    }
  });
});

describe("import of ODCS frequency", () => {
  it("takes a cron schedule as it is, when the scheduler is cron or not named", () => {
    expect(
      readSlaProperties([{ property: "frequency", value: 1, unit: "d", schedule: "0 3 * * *" }]),
    ).toEqual({
      schedule: "0 3 * * *",
      problems: [],
      warnings: [],
    });
    expect(
      readSlaProperties([{ property: "fy", value: null, scheduler: "cron", schedule: "15 * * * *" }])
        .schedule,
    ).toBe("15 * * * *");
  });

  it("refuses a cron schedule that does not parse, at its own path", () => {
    expect(readSlaProperties([{ property: "frequency", value: null, schedule: "61 * * * *" }])).toEqual({
      problems: [
        {
          path: "slaProperties[0].schedule",
          message: "invalid cron schedule: minute field: 61 is out of range 0-59",
        },
      ],
      warnings: [],
    });
  });

  it("derives a schedule from the frequency when it has none or another scheduler's, and says so", () => {
    expect(
      readSlaProperties([
        { property: "frequency", value: 1, unit: "d", scheduler: "airflow", schedule: "@daily" },
        { property: "frequency", value: 1, unit: "h" },
      ]),
    ).toEqual({
      schedule: "0 * * * *",
      problems: [],
      warnings: [
        'slaProperties[0]: frequency 1 d → transform schedule "0 0 * * *"',
        'slaProperties[1]: frequency 1 h → transform schedule "0 * * * *"',
      ],
    });
  });

  it("refuses a frequency no cron expression runs at, or one it cannot read", () => {
    expect(readSlaProperties([{ property: "frequency", value: 7, unit: "min" }])).toEqual({
      problems: [
        {
          path: "slaProperties[0]",
          message: "frequency 7 min has no cron schedule; give one in `schedule`",
        },
      ],
      warnings: [],
    });
    expect(readSlaProperties([{ property: "frequency", value: 1, unit: "month" }])).toEqual({
      problems: [{ path: "slaProperties[0]", message: `frequency 1 month: ${WHOLE}` }],
      warnings: [],
    });
  });
});

describe("import of other SLA properties", () => {
  it("warns that they are dropped", () => {
    expect(
      readSlaProperties([
        { property: "latency", value: 1, unit: "h" },
        { property: "retention", value: 1, unit: "y" },
      ]),
    ).toEqual({
      freshness: "1h",
      problems: [],
      warnings: ["slaProperties[1]: SLA property retention ignored: the mesh has no place for it"],
    });
  });
});

describe("a cron expression that runs every so many minutes", () => {
  it("exists for minutes dividing an hour, hours dividing a day, a day and a week", () => {
    const every: [number, string | undefined][] = [
      [1, "* * * * *"],
      [15, "*/15 * * * *"],
      [30, "*/30 * * * *"],
      [60, "0 * * * *"],
      [120, "0 */2 * * *"],
      [480, "0 */8 * * *"],
      [720, "0 */12 * * *"],
      [1440, "0 0 * * *"],
      [10080, "0 0 * * 0"],
    ];
    for (const [minutes, cron] of every) expect(cronEvery(minutes), `${minutes}`).toBe(cron);
  });

  it("does not exist otherwise", () => {
    for (const minutes of [7, 45, 90, 300, 420, 2880, 4320, 20160]) {
      expect(cronEvery(minutes), `${minutes}`).toBeUndefined();
    }
  });
});
