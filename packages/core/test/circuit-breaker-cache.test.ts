import { describe, expect, it } from '@jest/globals';
import { AdapterError } from '../src/errors.js';
import { measureHealth } from '../src/ports/health.js';
import type { CacheValue, ICacheAdapter } from '../src/ports/cache.js';
import type { Logger } from '../src/ports/logger.js';
import { ReadThroughCache } from '../src/services/resilient-cache.js';
import { withCircuitBreaker } from '../src/util/circuit-breaker-cache.js';
import { createSingleFlight } from '../src/util/single-flight.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A real ICacheAdapter over a Map whose backend can be switched off: while `up` is false every call
 * that reaches the backend throws AdapterError UNAVAILABLE. `calls` counts calls that reached it.
 */
function switchableCache(): {
  cache: ICacheAdapter;
  backend: { up: boolean; calls: number; latencyMs: number };
} {
  const store = new Map<string, string>();
  const flights = createSingleFlight();
  const backend = { up: true, calls: 0, latencyMs: 0 };
  const reach = async (): Promise<void> => {
    backend.calls++;
    const up = backend.up;
    if (backend.latencyMs > 0) await sleep(backend.latencyMs);
    if (!up) throw new AdapterError('switchable', 'UNAVAILABLE', 'backend switched off');
  };
  const get = async <T extends CacheValue>(key: string): Promise<T | undefined> => {
    await reach();
    const json = store.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  };
  const set = async (key: string, value: CacheValue): Promise<void> => {
    await reach();
    store.set(key, JSON.stringify(value));
  };
  const cache: ICacheAdapter = {
    name: 'switchable',
    get,
    set,
    async delete(key) {
      await reach();
      store.delete(key);
    },
    async deleteByPrefix(prefix) {
      if (prefix === '') throw new AdapterError('switchable', 'NOT_SUPPORTED', 'empty prefix');
      await reach();
      const keys = [...store.keys()].filter((key) => key.startsWith(prefix));
      keys.forEach((key) => store.delete(key));
      return keys.length;
    },
    async getOrSet<T extends CacheValue>(key: string, compute: () => Promise<T>): Promise<T> {
      const hit = await get<T>(key);
      if (hit !== undefined) return hit;
      return flights.run(key, async () => {
        const value = await compute();
        await set(key, value);
        return value;
      });
    },
    health: () => measureHealth(reach),
    close: async () => undefined,
  };
  return { cache, backend };
}

function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (_obj: object, msg?: string): void => {
      lines.push(`${level}: ${msg ?? ''}`);
    };
  const logger: Logger = {
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    debug: record('debug'),
    child: () => logger,
  };
  return { logger, lines };
}

function setup(failureThreshold: number, resetAfterMs: number) {
  const { cache, backend } = switchableCache();
  const { logger, lines } = recordingLogger();
  const breaker = withCircuitBreaker(cache, { failureThreshold, resetAfterMs, logger });
  return { breaker, backend, lines };
}

const circuitOpen = { name: 'AdapterError', code: 'UNAVAILABLE', adapter: 'switchable' };

describe('withCircuitBreaker', () => {
  it('passes calls through while the backend answers', async () => {
    const { breaker, backend, lines } = setup(2, 60_000);
    await breaker.set('p:1', { n: 1 });
    expect(await breaker.get('p:1')).toEqual({ n: 1 });
    expect(await breaker.getOrSet('p:2', async () => 'two')).toBe('two');
    expect(await breaker.deleteByPrefix('p:')).toBe(2);
    expect((await breaker.health()).status).toBe('up');
    expect(breaker.name).toBe('switchable');
    expect(backend.calls).toBe(6);
    expect(lines).toEqual([]);
  });

  it('opens after N consecutive failures, then fails fast without touching the backend', async () => {
    const { breaker, backend, lines } = setup(3, 60_000);
    backend.up = false;
    for (let i = 0; i < 3; i++) {
      await expect(breaker.get('k')).rejects.toThrow('backend switched off');
    }
    expect(backend.calls).toBe(3);
    await expect(breaker.get('k')).rejects.toMatchObject(circuitOpen);
    await expect(breaker.set('k', 1)).rejects.toThrow('circuit open');
    await expect(breaker.delete('k')).rejects.toThrow('circuit open');
    await expect(breaker.deleteByPrefix('k')).rejects.toThrow('circuit open');
    await expect(breaker.getOrSet('k', async () => 1)).rejects.toThrow('circuit open');
    const health = await breaker.health();
    expect(health.status).toBe('degraded');
    expect(health.message).toContain('circuit open');
    expect(backend.calls).toBe(3);
    expect(lines).toEqual([expect.stringMatching(/^warn: cache circuit opened after 3 consecutive/)]);
  });

  it('counts only consecutive failures: a success starts the count again', async () => {
    const { breaker, backend } = setup(3, 60_000);
    for (const up of [false, false, true, false, false]) {
      backend.up = up;
      await breaker.get('k').catch(() => undefined);
    }
    backend.up = true;
    await expect(breaker.get('k')).resolves.toBeUndefined();
    expect(backend.calls).toBe(6);
  });

  it('ignores calls that settle after the circuit opened: only the probe closes it', async () => {
    const { breaker, backend } = setup(1, 60_000);
    backend.latencyMs = 50;
    const slow = breaker.get('k');
    backend.latencyMs = 0;
    backend.up = false;
    await expect(breaker.get('k')).rejects.toThrow('backend switched off');
    await expect(slow).resolves.toBeUndefined();
    await expect(breaker.get('k')).rejects.toThrow('circuit open');
  });

  it('lets one probe through after resetAfterMs and closes when it succeeds', async () => {
    const { breaker, backend, lines } = setup(1, 50);
    backend.up = false;
    await expect(breaker.get('k')).rejects.toThrow('backend switched off');
    backend.up = true;
    await expect(breaker.get('k')).rejects.toThrow('circuit open');
    await sleep(70);
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => breaker.get('k')));
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(backend.calls).toBe(2);
    await expect(breaker.set('k', 'back')).resolves.toBeUndefined();
    expect(await breaker.get('k')).toBe('back');
    expect(lines).toEqual([
      expect.stringMatching(/^warn: cache circuit opened/),
      'info: cache circuit half-open; probing the backend',
      'info: cache circuit closed; cache back in use',
    ]);
  });

  it('re-opens for another resetAfterMs when the probe fails', async () => {
    const { breaker, backend, lines } = setup(1, 50);
    backend.up = false;
    await breaker.get('k').catch(() => undefined);
    await sleep(70);
    await expect(breaker.get('k')).rejects.toThrow('backend switched off');
    await expect(breaker.get('k')).rejects.toThrow('circuit open');
    expect(backend.calls).toBe(2);
    expect(lines[2]).toMatch(/^warn: cache probe failed; circuit re-opened/);
    expect(lines).toHaveLength(3);
  });

  it('does not count computation errors, bad arguments or unsupported operations as failures', async () => {
    const { breaker, backend } = setup(1, 60_000);
    const dbDown = new AdapterError('postgres', 'UNAVAILABLE', 'database down');
    const failing = async (): Promise<string> => {
      await sleep(20);
      throw dbDown;
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => breaker.getOrSet('k', failing)),
    );
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason === dbDown)).toBe(true);
    await expect(breaker.deleteByPrefix('')).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    await expect(breaker.getOrSet('k', async () => 'fresh')).resolves.toBe('fresh');
    expect((await breaker.health()).status).toBe('up');
    expect(backend.calls).toBeGreaterThan(6);
  });

  it('probes through health() when a probe is due, reporting degraded until the backend answers', async () => {
    const { breaker, backend, lines } = setup(1, 50);
    backend.up = false;
    await breaker.get('k').catch(() => undefined);
    await sleep(70);
    expect((await breaker.health()).status).toBe('degraded');
    expect(backend.calls).toBe(2);
    backend.up = true;
    expect((await breaker.health()).status).toBe('degraded');
    await sleep(70);
    expect((await breaker.health()).status).toBe('up');
    expect(lines.at(-1)).toBe('info: cache circuit closed; cache back in use');
  });

  it('lets ReadThroughCache serve every read from the source while the backend is down', async () => {
    const { breaker, backend } = setup(2, 60_000);
    const { logger } = recordingLogger();
    const reads = new ReadThroughCache(breaker, logger);
    backend.up = false;
    for (let i = 0; i < 50; i++) {
      expect(await reads.getOrCompute(`p:${i}`, async () => ({ id: i }), 60)).toEqual({ id: i });
    }
    expect(reads.stats.errors).toBe(50);
    expect(backend.calls).toBe(2);
  });

  it('refuses bad options', () => {
    const { cache } = switchableCache();
    const { logger } = recordingLogger();
    expect(() => withCircuitBreaker(cache, { failureThreshold: 0, logger })).toThrow('failureThreshold');
    expect(() => withCircuitBreaker(cache, { resetAfterMs: -1, logger })).toThrow('resetAfterMs');
  });
});
