import type { CacheValue, ICacheAdapter } from '@bharatmart/core';
import type { CacheOutcome, SeamMetrics } from './seam-metrics.js';
import { SpanKind, inSpan, insideTrace } from './spans.js';
import { decorate } from './decorate.js';

/**
 * `cache` with every call counted in `cache_operations_total{cache,operation,outcome}` (reads `hit`
 * or `miss`, writes `ok`, a call the cache failed `error`; a `getOrSet` whose computation failed is a
 * `miss`) and, when tracing is on inside a trace, wrapped in a
 * client span `cache <operation>`. Errors are rethrown unchanged; other members read through.
 */
export function instrumentCache(
  cache: ICacheAdapter,
  options: { cache: string; metrics: SeamMetrics; tracing: boolean },
): ICacheAdapter {
  const { metrics, tracing } = options;
  const counters = new Map<string, { inc(): void }>();
  const count = (operation: string, outcome: CacheOutcome) => {
    const key = `${operation} ${outcome}`;
    let counter = counters.get(key);
    if (!counter) {
      counter = metrics.cacheOperations.labels({ cache: options.cache, operation, outcome });
      counters.set(key, counter);
    }
    counter.inc();
  };
  const counted = <T>(
    operation: string,
    call: () => Promise<T>,
    outcomeOf: (value: T) => CacheOutcome,
    failureOf: () => CacheOutcome,
  ): Promise<T> => {
    const failed = (error: unknown): never => {
      count(operation, failureOf());
      throw error;
    };
    let pending: Promise<T>;
    try {
      pending = call();
    } catch (error) {
      return Promise.reject(error).catch(failed);
    }
    return pending.then((value) => {
      count(operation, outcomeOf(value));
      return value;
    }, failed);
  };
  const measure = <T>(
    operation: string,
    call: () => Promise<T>,
    outcomeOf: (value: T) => CacheOutcome,
    failureOf: () => CacheOutcome = () => 'error',
  ): Promise<T> => {
    if (!tracing || !insideTrace()) return counted(operation, call, outcomeOf, failureOf);
    return inSpan(
      `cache ${operation}`,
      { kind: SpanKind.CLIENT, attributes: { 'cache.system': options.cache, 'cache.operation': operation } },
      () => counted(operation, call, outcomeOf, failureOf),
    );
  };
  return decorate(cache, {
    get: <T extends CacheValue>(key: string) =>
      measure(
        'get',
        () => cache.get<T>(key),
        (value) => (value === undefined ? 'miss' : 'hit'),
      ),
    set: (key: string, value: CacheValue, ttlSeconds?: number) =>
      measure(
        'set',
        () => cache.set(key, value, ttlSeconds),
        () => 'ok',
      ),
    delete: (key: string) =>
      measure(
        'delete',
        () => cache.delete(key),
        () => 'ok',
      ),
    deleteByPrefix: (prefix: string) =>
      measure(
        'deleteByPrefix',
        () => cache.deleteByPrefix(prefix),
        () => 'ok',
      ),
    getOrSet: <T extends CacheValue>(key: string, compute: () => Promise<T>, ttlSeconds?: number) => {
      let computed = false;
      let computeFailed = false;
      const computing = () => {
        computed = true;
        return compute().catch((error: unknown) => {
          computeFailed = true;
          throw error;
        });
      };
      // A computation that fails is the caller's failure on a miss, not the cache's.
      return measure(
        'getOrSet',
        () => cache.getOrSet(key, computing, ttlSeconds),
        () => (computed ? 'miss' : 'hit'),
        () => (computeFailed ? 'miss' : 'error'),
      );
    },
  });
}
