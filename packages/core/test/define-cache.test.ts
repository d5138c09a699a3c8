import { describe, expect, it } from '@jest/globals';
import { AdapterError } from '../src/errors.js';
import { reportsCircuitState } from '../src/ports/cache.js';
import type { Logger } from '../src/ports/logger.js';
import { defineCache } from '../src/util/define-cache.js';
import type { CacheDriver, DefineCacheOptions } from '../src/util/define-cache.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * The breaker's wait before a probe, in the tests of the half-open state: long enough that two calls
 * made one after the other always fall inside it, even on a loaded machine, and a sleep past it.
 */
const HALF_OPEN_MS = 400;
const PAST_HALF_OPEN_MS = 500;

/**
 * A driver over a Map whose backend can be switched off: while `up` is false every call that
 * reaches it throws AdapterError UNAVAILABLE. `calls` counts calls that reached it.
 */
function switchableDriver(extra: Partial<CacheDriver> = {}) {
  const store = new Map<string, string>();
  const backend = { up: true, calls: 0, latencyMs: 0, closed: 0 };
  const reach = async (): Promise<void> => {
    backend.calls++;
    const up = backend.up;
    if (backend.latencyMs > 0) await sleep(backend.latencyMs);
    if (!up) throw new AdapterError('switchable', 'UNAVAILABLE', 'backend switched off');
  };
  const driver: CacheDriver = {
    name: 'switchable',
    get: async (key) => (await reach(), store.get(key)),
    set: async (key, text) => {
      await reach();
      store.set(key, text);
    },
    delete: async (key) => {
      await reach();
      store.delete(key);
    },
    deleteByPrefix: async (prefix) => {
      if (prefix === '') throw new AdapterError('switchable', 'NOT_SUPPORTED', 'empty prefix');
      await reach();
      const keys = [...store.keys()].filter((key) => key.startsWith(prefix));
      keys.forEach((key) => store.delete(key));
      return keys.length;
    },
    ping: reach,
    close: async () => {
      backend.closed++;
    },
    ...extra,
  };
  return { driver, backend, store };
}

/** A Logger keeping `level: message` of each entry above debug. */
function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (_obj: object, msg?: string) => void lines.push(`${level}: ${msg ?? ''}`);
  const logger: Logger = {
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: () => undefined,
    child: () => logger,
  };
  return { logger, lines };
}

function setup(failureThreshold: number, halfOpenAfterMs: number, options: DefineCacheOptions = {}) {
  const { driver, backend, store } = switchableDriver();
  const { logger, lines } = recordingLogger();
  const cache = defineCache(driver, {
    logger,
    circuitBreaker: { failureThreshold, halfOpenAfterMs },
    ...options,
  });
  return { cache, backend, store, lines };
}

const DOWN = 'warn: cache switchable unavailable; bypassed (reads go to the database) until it answers again';
const UP = 'info: cache switchable answers again; back in use';

describe('defineCache', () => {
  it('stores JSON text with the default TTL checked, and strings as they are only for in-process drivers', async () => {
    const { driver, store } = switchableDriver();
    const cache = defineCache(driver, { defaultTtlSeconds: 60 });
    await cache.set('o', { a: [1] });
    await cache.set('s', 'text');
    expect([store.get('o'), store.get('s')]).toEqual(['{"a":[1]}', '"text"']);
    const local = switchableDriver({ inProcess: true });
    const memory = defineCache(local.driver);
    await memory.set('s', 'text');
    expect(local.store.get('s')).toBe('\u0000text');
    expect(await memory.get('s')).toBe('text');
    await expect(cache.set('k', 'v', 1.5)).rejects.toThrow(RangeError);
    await expect(cache.set('k', undefined)).rejects.toThrow(TypeError);
    expect(() => defineCache(driver, { defaultTtlSeconds: 0 })).toThrow('defaultTtlSeconds');
  });

  it('writes a computed value through the driver’s lookup when it has one', async () => {
    const stores: string[] = [];
    const { driver } = switchableDriver();
    const cache = defineCache({
      ...driver,
      lookup: async (key) => ({ text: undefined, store: async (text) => void stores.push(`${key}=${text}`) }),
    });
    expect(await cache.getOrSet('k', async () => 1, 60)).toBe(1);
    expect(stores).toEqual(['k=1']);
  });

  it('refuses calls once closed, reports down, and closes the driver once', async () => {
    const { cache, backend } = setup(1, 60_000);
    await cache.close();
    await cache.close();
    expect(backend.closed).toBe(1);
    await expect(cache.get('k')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: '[switchable] cache is closed',
    });
    expect((await cache.health()).status).toBe('down');
    expect(backend.calls).toBe(0);
  });
});

describe('defineCache with a circuit breaker', () => {
  it('passes calls through while the backend answers, logging nothing', async () => {
    const { cache, backend, lines } = setup(2, 60_000);
    await cache.set('p:1', { n: 1 });
    expect(await cache.get('p:1')).toEqual({ n: 1 });
    expect(await cache.getOrSet('p:2', async () => 'two')).toBe('two');
    expect(await cache.deleteByPrefix('p:')).toBe(2);
    expect((await cache.health()).status).toBe('up');
    expect(backend.calls).toBe(7);
    expect(lines).toEqual([]);
  });

  it('opens after N consecutive failures, then fails fast without touching the backend, logging once', async () => {
    const { cache, backend, lines } = setup(3, 60_000);
    backend.up = false;
    for (let i = 0; i < 3; i++) {
      await expect(cache.get('k')).rejects.toThrow('backend switched off');
    }
    expect(backend.calls).toBe(3);
    const refused = { name: 'AdapterError', code: 'UNAVAILABLE', adapter: 'switchable' };
    for (let i = 0; i < 100; i++) await expect(cache.get('k')).rejects.toMatchObject(refused);
    await expect(cache.set('k', 1)).rejects.toThrow('call not attempted');
    await expect(cache.delete('k')).rejects.toThrow('call not attempted');
    await expect(cache.deleteByPrefix('k')).rejects.toThrow('call not attempted');
    await expect(cache.getOrSet('k', async () => 1)).rejects.toThrow('call not attempted');
    expect((await cache.health()).status).toBe('degraded');
    expect(backend.calls).toBe(3);
    expect(lines).toEqual([DOWN]);
  });

  it('reports its circuit state (CircuitStateReporting): closed, open, then closed after a probe', async () => {
    const { cache, backend } = setup(1, HALF_OPEN_MS);
    if (!reportsCircuitState(cache)) throw new Error('a cache with a breaker reports its circuit state');
    expect(cache.circuitState()).toBe('closed');
    backend.up = false;
    await cache.get('k').catch(() => undefined);
    expect(cache.circuitState()).toBe('open');
    backend.up = true;
    await sleep(PAST_HALF_OPEN_MS);
    await cache.get('k');
    expect(cache.circuitState()).toBe('closed');
    expect(reportsCircuitState(defineCache(switchableDriver().driver))).toBe(false);
  });

  it('counts only consecutive failures: a success starts the count again', async () => {
    const { cache, backend } = setup(3, 60_000);
    for (const up of [false, false, true, false, false]) {
      backend.up = up;
      await cache.get('k').catch(() => undefined);
    }
    backend.up = true;
    await expect(cache.get('k')).resolves.toBeUndefined();
    expect(backend.calls).toBe(6);
  });

  it('lets one probe through after halfOpenAfterMs, refusing the others, and closes when it succeeds', async () => {
    const { cache, backend, lines } = setup(1, HALF_OPEN_MS);
    backend.up = false;
    await expect(cache.get('k')).rejects.toThrow('backend switched off');
    backend.up = true;
    await expect(cache.get('k')).rejects.toThrow('call not attempted');
    await sleep(PAST_HALF_OPEN_MS);
    backend.latencyMs = 20;
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => cache.get('k')));
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(backend.calls).toBe(2);
    await expect(cache.set('k', 'back')).resolves.toBeUndefined();
    expect(await cache.get('k')).toBe('back');
    expect(lines).toEqual([DOWN, UP]);
  });

  it('stays open for another halfOpenAfterMs when the probe fails, without logging again', async () => {
    const { cache, backend, lines } = setup(1, HALF_OPEN_MS);
    backend.up = false;
    await cache.get('k').catch(() => undefined);
    await sleep(PAST_HALF_OPEN_MS);
    await expect(cache.get('k')).rejects.toThrow('backend switched off');
    await expect(cache.get('k')).rejects.toThrow('call not attempted');
    expect(backend.calls).toBe(2);
    expect(lines).toEqual([DOWN]);
  });

  it('probes from health() once due, and reports up when the backend is back', async () => {
    const { cache, backend, lines } = setup(1, HALF_OPEN_MS);
    backend.up = false;
    await cache.get('k').catch(() => undefined);
    expect((await cache.health()).status).toBe('degraded');
    await sleep(PAST_HALF_OPEN_MS);
    expect((await cache.health()).status).toBe('degraded');
    backend.up = true;
    await sleep(PAST_HALF_OPEN_MS);
    expect((await cache.health()).status).toBe('up');
    expect(lines).toEqual([DOWN, UP]);
  });

  it('never counts computation errors, bad arguments or unsupported operations as failures', async () => {
    const { cache, lines } = setup(1, 60_000);
    const dbDown = new AdapterError('postgres', 'UNAVAILABLE', 'database down');
    const failing = async (): Promise<string> => {
      await sleep(20);
      throw dbDown;
    };
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => cache.getOrSet('k', failing)));
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason === dbDown)).toBe(true);
    await expect(cache.deleteByPrefix('')).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    await expect(cache.set('k', 'v', 0)).rejects.toThrow(RangeError);
    await expect(cache.getOrSet('k', async () => 'fresh')).resolves.toBe('fresh');
    expect((await cache.health()).status).toBe('up');
    expect(lines).toEqual([]);
  });
});
