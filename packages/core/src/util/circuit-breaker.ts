import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleAll } from 'cockatiel';
import { AdapterError, isAdapterError } from '../errors.js';
import type { Logger } from '../ports/logger.js';

/** How a circuit breaker decides, and what it says when its dependency goes and returns. */
export interface CircuitBreakerOptions {
  /** The guarded dependency, as AdapterError names it when a call is refused, e.g. `redis`. */
  name: string;
  /** Consecutive outages (see `isOutage`) that open the circuit. Whole number ≥ 1. */
  failureThreshold: number;
  /**
   * Milliseconds the open circuit refuses calls before one call probes the dependency again
   * (half-open) while the others keep being refused. Whole number ≥ 0.
   */
  halfOpenAfterMs: number;
  /** Receives the one `down` and one `up` line per outage; probes and re-openings at debug. */
  logger?: Logger;
  /** Fields added to each of those log entries. */
  context?: Record<string, unknown>;
  /** The warning logged once when the circuit opens (the last outage's message is attached). */
  downMessage: string;
  /** The line logged (info) once when a probe finds the dependency back. */
  upMessage: string;
}

/** `closed`: calls go through; `open`: refused; `half-open`: one probe runs, the rest are refused. */
export type CircuitStateName = 'closed' | 'open' | 'half-open';

/** A circuit breaker (cockatiel's) around one dependency. */
export interface CircuitBreaker {
  /**
   * Runs `call` while the circuit is closed, or as the probe once it is due, and answers what
   * `call` answers. An outage thrown by `call` counts towards opening the circuit; any other error
   * is an answer of the dependency and counts as a success. While the circuit is open, or another
   * call is probing, throws `AdapterError` `UNAVAILABLE` (… "call not attempted") without running
   * `call`.
   */
  execute<T>(call: () => Promise<T>): Promise<T>;
  /** Where the circuit stands now; no I/O. */
  state(): CircuitStateName;
}

/**
 * True for an AdapterError saying its backend could not be reached (`UNAVAILABLE`, `TIMEOUT`).
 * Checked as data, so an error built by another copy of core counts as well.
 */
export function isOutage(error: unknown): boolean {
  return isAdapterError(error, 'UNAVAILABLE', 'TIMEOUT');
}

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/**
 * A circuit breaker for one dependency, the one used for every cache and database in this code.
 * The log gets one warning when the dependency goes down (the circuit opens from closed) and one
 * info line when it is back (closed again), never one per call. Rejects a threshold that is not a
 * whole number ≥ 1 or a delay that is not a whole number ≥ 0 with AdapterError `MISCONFIGURED`.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { name, failureThreshold, halfOpenAfterMs, logger } = options;
  if (!Number.isSafeInteger(failureThreshold) || failureThreshold < 1) {
    throw new AdapterError(
      name,
      'MISCONFIGURED',
      `failureThreshold must be a whole number ≥ 1, got ${failureThreshold}`,
    );
  }
  if (!Number.isSafeInteger(halfOpenAfterMs) || halfOpenAfterMs < 0) {
    throw new AdapterError(
      name,
      'MISCONFIGURED',
      `halfOpenAfterMs must be a whole number ≥ 0, got ${halfOpenAfterMs}`,
    );
  }
  // Only outages leave the guarded call as errors (see `execute`), so every error it throws counts.
  const policy = circuitBreaker(handleAll, {
    halfOpenAfter: halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(failureThreshold),
  });
  const context = options.context ?? {};
  const lastOutage = (): string | undefined => {
    const failure = policy.lastFailure;
    return failure && 'error' in failure ? failure.error.message : undefined;
  };
  // The circuit changes state on every probe; the log records only the dependency going and returning.
  let down = false;
  policy.onStateChange((state) => {
    const nowDown = state !== CircuitState.Closed;
    if (nowDown === down) {
      logger?.debug({ ...context, state: STATE_NAMES[state] }, `${name}: circuit state changed`);
      return;
    }
    down = nowDown;
    if (down) {
      logger?.warn(
        { ...context, error: lastOutage(), failureThreshold, halfOpenAfterMs },
        options.downMessage,
      );
    } else {
      logger?.info(context, options.upMessage);
    }
  });

  const refused = (cause?: unknown): AdapterError =>
    new AdapterError(
      name,
      'UNAVAILABLE',
      `circuit open after ${failureThreshold} consecutive failures; call not attempted`,
      { cause },
    );

  return {
    async execute<T>(call: () => Promise<T>): Promise<T> {
      // cockatiel would hold calls made during the probe until it settles; refuse them instead.
      if (policy.state === CircuitState.HalfOpen) throw refused();
      let answer: { value: T } | { error: unknown };
      try {
        answer = await policy.execute(async () => {
          try {
            return { value: await call() };
          } catch (error) {
            if (isOutage(error)) throw error;
            return { error };
          }
        });
      } catch (error) {
        if (error instanceof BrokenCircuitError) throw refused(error);
        throw error;
      }
      if ('error' in answer) throw answer.error;
      return answer.value;
    },
    state: () => STATE_NAMES[policy.state],
  };
}
