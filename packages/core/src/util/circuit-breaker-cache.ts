import { AdapterError } from '../errors.js';
import type { CacheValue, ICacheAdapter } from '../ports/cache.js';
import type { HealthStatus } from '../ports/health.js';
import type { Logger } from '../ports/logger.js';

/** Options of {@link withCircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive backend failures that open the circuit. Whole number ≥ 1; default 5. */
  failureThreshold?: number;
  /**
   * How long an open circuit fails fast, in milliseconds, before it lets one probe call through
   * (half-open). Whole number ≥ 0; default 10 000.
   */
  resetAfterMs?: number;
  /** Receives one entry per state change: opened (warn), half-open (info), closed (info). */
  logger: Logger;
}

type State = 'closed' | 'open' | 'half-open';
type Outcome = 'success' | 'failure' | 'neutral';

/**
 * Wraps a cache so that a dead backend costs no timeout per request. After `failureThreshold`
 * consecutive backend failures (an `AdapterError` coded `UNAVAILABLE` or `TIMEOUT` raised by the
 * cache itself) the circuit opens: every call then throws `AdapterError` (`UNAVAILABLE`, the
 * wrapped cache's name) at once, without touching the backend, for `resetAfterMs`. The next call
 * after that is the one probe (half-open) while other calls keep failing fast; its success closes
 * the circuit, its failure opens it for another `resetAfterMs`. `health()` answers `degraded`
 * without touching the backend while the circuit is open, and probes with the cache's own
 * `health()` once a probe is due.
 *
 * Not failures: errors thrown by a `getOrSet` computation (even an `AdapterError` of the
 * database), rejected arguments (TypeError / RangeError) and other codes such as `NOT_SUPPORTED`.
 * They pass through unchanged and leave the state as it is.
 *
 * A small hand-written state machine rather than a resilience library, only because core must
 * stay dependency-free (it imports no driver or library); composition code may prefer a library.
 */
export function withCircuitBreaker(cache: ICacheAdapter, options: CircuitBreakerOptions): ICacheAdapter {
  const threshold = options.failureThreshold ?? 5;
  const resetAfterMs = options.resetAfterMs ?? 10_000;
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new AdapterError(
      cache.name,
      'MISCONFIGURED',
      `failureThreshold must be a whole number ≥ 1, got ${threshold}`,
    );
  }
  if (!Number.isInteger(resetAfterMs) || resetAfterMs < 0) {
    throw new AdapterError(
      cache.name,
      'MISCONFIGURED',
      `resetAfterMs must be a whole number ≥ 0, got ${resetAfterMs}`,
    );
  }
  const logger = options.logger;
  const context = { cache: cache.name };
  let state: State = 'closed';
  let failures = 0;
  let openedAt = 0;
  let probing = false;
  let lastError: unknown;
  // Errors thrown by callers' computations: callers that joined one getOrSet flight receive the
  // same error object without having run the computation themselves.
  const computeErrors = new WeakSet<object>();

  const open = (): void => {
    const from = state;
    state = 'open';
    openedAt = performance.now();
    logger.warn(
      { ...context, failures, err: lastError },
      from === 'closed'
        ? `cache circuit opened after ${failures} consecutive failures; cache bypassed for ${resetAfterMs} ms`
        : `cache probe failed; circuit re-opened for ${resetAfterMs} ms`,
    );
  };

  /** Admits a call (returning whether it is the half-open probe) or throws while open. */
  const admit = (): boolean => {
    if (state === 'closed') return false;
    if (state === 'open' && performance.now() - openedAt >= resetAfterMs) {
      state = 'half-open';
      logger.info(context, 'cache circuit half-open; probing the backend');
    }
    if (state === 'half-open' && !probing) {
      probing = true;
      return true;
    }
    throw new AdapterError(
      cache.name,
      'UNAVAILABLE',
      `circuit open after ${failures} consecutive failures; call not attempted`,
      { cause: lastError },
    );
  };

  const settle = (probe: boolean, outcome: Outcome, error?: unknown): void => {
    if (probe) probing = false;
    if (outcome === 'failure') lastError = error;
    if (state === 'closed') {
      if (outcome === 'success') failures = 0;
      if (outcome === 'failure' && ++failures >= threshold) open();
      return;
    }
    // Calls admitted before the circuit opened settle late; only the probe decides now.
    if (!probe || outcome === 'neutral') return;
    if (outcome === 'failure') {
      failures++;
      open();
      return;
    }
    state = 'closed';
    failures = 0;
    logger.info(context, 'cache circuit closed; cache back in use');
  };

  const classify = (error: unknown): Outcome => {
    if (typeof error === 'object' && error !== null && computeErrors.has(error)) return 'neutral';
    return isBackendFailure(error) ? 'failure' : 'neutral';
  };

  const guard = async <T>(call: () => Promise<T>): Promise<T> => {
    const probe = admit();
    try {
      const result = await call();
      settle(probe, 'success');
      return result;
    } catch (error) {
      settle(probe, classify(error), error);
      throw error;
    }
  };

  const degraded = (): HealthStatus => ({
    status: 'degraded',
    latencyMs: 0,
    message: `circuit open after ${failures} consecutive failures; cache bypassed`,
  });

  return {
    name: cache.name,
    get: <T extends CacheValue>(key: string) => guard(() => cache.get<T>(key)),
    set: (key, value, ttlSeconds) => guard(() => cache.set(key, value, ttlSeconds)),
    delete: (key) => guard(() => cache.delete(key)),
    deleteByPrefix: (prefix) => guard(() => cache.deleteByPrefix(prefix)),
    getOrSet: <T extends CacheValue>(key: string, compute: () => Promise<T>, ttlSeconds?: number) => {
      const tracked = async (): Promise<T> => {
        try {
          return await compute();
        } catch (error) {
          if (typeof error === 'object' && error !== null) computeErrors.add(error);
          throw error;
        }
      };
      return guard(() => cache.getOrSet(key, tracked, ttlSeconds));
    },

    async health(): Promise<HealthStatus> {
      if (state === 'closed') return cache.health();
      let probe: boolean;
      try {
        probe = admit();
      } catch {
        return degraded();
      }
      const status = await cache.health();
      if (status.status === 'down') {
        settle(probe, 'failure', new Error(status.message));
        return degraded();
      }
      settle(probe, 'success');
      return status;
    },

    close: () => cache.close(),
  };
}

function isBackendFailure(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'AdapterError') return false;
  const code = (error as AdapterError).code;
  return code === 'UNAVAILABLE' || code === 'TIMEOUT';
}
