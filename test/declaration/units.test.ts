/** Durations and Kubernetes quantities as declarations write them: parsed exactly, or refused. */
import { describe, expect, it } from "vitest";
import { cpuCores, durationMinutes, memoryBytes } from "../../components/declaration/units.js";

describe("durationMinutes", () => {
  it.each([
    ["1m", 1],
    ["90m", 90],
    ["1h", 60],
    ["24h", 1440],
    ["2d", 2880],
    ["10d", 14_400],
  ])("%s is %d minutes", (text, minutes) => {
    expect(durationMinutes(text)).toBe(minutes);
  });

  it.each([
    "",
    "0m",
    "01h",
    "1",
    "h",
    "1w",
    "1.5h",
    "-1h",
    " 1h",
    "1h ",
    "1hh",
    "1H",
  ])("%j is not a duration", (text) => {
    expect(durationMinutes(text)).toBeUndefined();
  });
});

describe("memoryBytes", () => {
  it.each([
    ["1", 1],
    ["512", 512],
    ["1k", 1e3],
    ["2M", 2e6],
    ["3G", 3e9],
    ["4T", 4e12],
    ["1Ki", 1024],
    ["512Mi", 512 * 2 ** 20],
    ["2Gi", 2 * 2 ** 30],
    ["1Ti", 2 ** 40],
  ])("%s is %d bytes", (text, bytes) => {
    expect(memoryBytes(text)).toBe(bytes);
  });

  it.each([
    "",
    "0",
    "0Mi",
    "1.5Gi",
    "1K",
    "1mi",
    "1Mb",
    "Mi",
    "-1Gi",
    "1 Gi",
    "1Gi ",
  ])("%j is not a memory quantity", (text) => {
    expect(memoryBytes(text)).toBeUndefined();
  });
});

describe("cpuCores", () => {
  it.each([
    ["1", 1],
    ["0.5", 0.5],
    ["2", 2],
    ["250m", 0.25],
    ["1500m", 1.5],
    ["1m", 0.001],
  ])("%s is %d cores", (text, cores) => {
    expect(cpuCores(text)).toBe(cores);
  });

  it.each(["", "0m", "0.5m", "m", "1.", ".5", "-1", "1 ", "1M", "1c"])("%j is not a CPU quantity", (text) => {
    expect(cpuCores(text)).toBeUndefined();
  });
});
