/** Latency summary of one measured operation, in milliseconds (ops/s from the mean). */
export interface LatencySummary {
  p50: number;
  p99: number;
  opsPerSec: number;
  samples: number;
}

/** The value at quantile `q` (0..1) of already sorted numbers (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Summarises per-call durations (ms) of sequential calls. */
export function summarise(durations: readonly number[]): LatencySummary {
  const sorted = [...durations].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    opsPerSec: total > 0 ? (sorted.length * 1000) / total : 0,
    samples: sorted.length,
  };
}

/** The median (the mean of the middle two for an even count); NaN for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** Rounds to `digits` significant figures (at most 3 decimals above 1) for display and JSON. */
export function round(value: number, digits = 4): number {
  if (!Number.isFinite(value) || value === 0) return value;
  if (Math.abs(value) >= 1) return Math.round(value * 1000) / 1000;
  return Number(value.toPrecision(digits));
}
