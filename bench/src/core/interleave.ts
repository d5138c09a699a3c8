import { summarise, type LatencySummary } from './stats.js';

/** Bounds of one interleaved comparison. */
export interface Budget {
  /** Untimed calls of each side before measuring. */
  warmup: number;
  /** Most measured calls of each side. */
  iterations: number;
  /** Stop measuring after this many milliseconds even if `iterations` was not reached. */
  timeMs: number;
}

/** Quick and full budgets for in-process operation comparisons. */
export const BUDGETS = {
  quick: { warmup: 100, iterations: 1_500, timeMs: 2_500 },
  full: { warmup: 300, iterations: 8_000, timeMs: 8_000 },
} satisfies Record<string, Budget>;

/**
 * Runs `ours` and `reference` one call at a time, alternating which goes first in every round, so
 * both sides see the same machine state (GC, other processes, server caches). Returns the latency
 * summary of each side.
 */
export async function interleaved(
  ours: () => Promise<unknown>,
  reference: () => Promise<unknown>,
  budget: Budget,
): Promise<{ ours: LatencySummary; reference: LatencySummary }> {
  for (let i = 0; i < budget.warmup; i++) {
    await ours();
    await reference();
  }
  const a: number[] = [];
  const b: number[] = [];
  const time = async (call: () => Promise<unknown>, into: number[]) => {
    const started = performance.now();
    await call();
    into.push(performance.now() - started);
  };
  const deadline = performance.now() + budget.timeMs;
  for (let i = 0; i < budget.iterations && performance.now() < deadline; i++) {
    if (i % 2 === 0) {
      await time(ours, a);
      await time(reference, b);
    } else {
      await time(reference, b);
      await time(ours, a);
    }
  }
  return { ours: summarise(a), reference: summarise(b) };
}
