/** Durations (`15m`, `1h`, `2d`) and Kubernetes resource quantities used in declarations. */

export const DURATION_PATTERN = /^([1-9][0-9]*)(m|h|d)$/;
const MINUTES_PER_UNIT = { m: 1, h: 60, d: 1440 } as const;

/** Minutes in a duration such as `90m`, `1h` or `7d`; undefined when it is not one. */
export function durationMinutes(text: string): number | undefined {
  const m = DURATION_PATTERN.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * MINUTES_PER_UNIT[m[2] as keyof typeof MINUTES_PER_UNIT];
}

/** CPU: whole or decimal cores (`1`, `0.5`) or millicores (`250m`). */
export const CPU_QUANTITY_PATTERN = /^([1-9][0-9]*m|[0-9]+(\.[0-9]+)?)$/;
/** Memory: bytes with a binary or decimal suffix (`512Mi`, `2Gi`, `1G`). */
export const MEMORY_QUANTITY_PATTERN = /^[1-9][0-9]*(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

const MEMORY_UNITS: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** Bytes in a memory quantity such as `512Mi` or `2G`; undefined when it is not one. */
export function memoryBytes(text: string): number | undefined {
  if (!MEMORY_QUANTITY_PATTERN.test(text)) return undefined;
  const [, digits, unit = ""] = /^(\d+)(\D*)$/.exec(text)!;
  return Number(digits) * MEMORY_UNITS[unit]!;
}

/** Cores in a CPU quantity such as `500m` or `2`; undefined when it is not one. */
export function cpuCores(text: string): number | undefined {
  if (!CPU_QUANTITY_PATTERN.test(text)) return undefined;
  return text.endsWith("m") ? Number(text.slice(0, -1)) / 1000 : Number(text);
}
