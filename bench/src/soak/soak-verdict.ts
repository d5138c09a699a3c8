import type { LoadInterval } from './mixed-load.js';

/** One minute of the soak: what the load saw, every process's memory, the outbox. */
export interface SoakMinute extends LoadInterval {
  minute: number;
  requestsPerSecond: number;
  /** The least resident set size sampled in the minute, in MiB, by process label (null once gone). */
  rssMiB: Record<string, number | null>;
  /**
   * The largest resident set size sampled in the minute, in MiB, by process label (sampled every 2 s:
   * a shorter spike can fall between samples).
   */
  rssPeakMiB: Record<string, number | null>;
  /** The least V8 heap in use sampled in the minute, in MiB, by process label (processes serving `/metrics`). */
  heapUsedMiB: Record<string, number | null>;
  outboxPending: number;
  /** Age in seconds of the oldest pending outbox entry; 0 when none is pending. */
  outboxLagSeconds: number;
}

/** The soak's limits: memory may grow this much from minute 2 to the end, p99 may drift up this much. */
export const SOAK_LIMITS = { rssGrowth: 0.15, p99Drift: 0.25 } as const;

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Why the soak failed, empty when it passed: any error or shed request, the warm-up's included; any
 * process whose RSS floor in the last minute exceeds its floor in minute 2 by more than 15 % (or that
 * died); p99 of the last two minutes above the p99 of minutes 2 and 3 by more than 25 % (two minutes
 * each, so one noisy minute does not decide). The warm-up and minute 1 are only reported.
 */
export function soakFailures(minutes: readonly SoakMinute[], warmUp?: SoakMinute): string[] {
  const failures: string[] = [];
  const counted = warmUp ? [warmUp, ...minutes] : minutes;
  const errors = counted.reduce((sum, minute) => sum + minute.errors, 0);
  if (errors > 0) {
    const kinds: Record<string, number> = {};
    for (const minute of counted)
      for (const [kind, count] of Object.entries(minute.errorsByKind))
        kinds[kind] = (kinds[kind] ?? 0) + count;
    failures.push(`${errors} failed requests: ${JSON.stringify(kinds)}`);
  }
  const shed = counted.reduce((sum, minute) => sum + minute.shed, 0);
  if (shed > 0) failures.push(`${shed} requests shed: the shop fell behind the fixed rate`);
  if (minutes.length < 4) {
    failures.push(`a soak needs at least 4 minutes to judge drift (ran ${minutes.length})`);
    return failures;
  }
  const baseline = minutes[1];
  const last = minutes[minutes.length - 1];
  if (!baseline || !last) return failures;
  for (const [label, start] of Object.entries(baseline.rssMiB)) {
    const end = last.rssMiB[label];
    if (start === null || end === null || end === undefined) {
      failures.push(`${label} is not running at the end`);
    } else if (end > start * (1 + SOAK_LIMITS.rssGrowth)) {
      failures.push(
        `${label} RSS grew ${(((end - start) / start) * 100).toFixed(1)} % (${start.toFixed(1)} → ${end.toFixed(1)} MiB)`,
      );
    }
  }
  const early = mean(minutes.slice(1, 3).map((minute) => minute.p99));
  const late = mean(minutes.slice(-2).map((minute) => minute.p99));
  if (late > early * (1 + SOAK_LIMITS.p99Drift)) {
    failures.push(
      `p99 drifted up ${(((late - early) / early) * 100).toFixed(1)} % (${early.toFixed(1)} → ${late.toFixed(1)} ms)`,
    );
  }
  return failures;
}
