import { describe, expect, it } from '@jest/globals';
import { createSingleFlight } from '../src/util/single-flight.js';

const tick = (ms = 10): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('createSingleFlight', () => {
  it('runs once per key for concurrent callers and hands all of them the same value', async () => {
    const flights = createSingleFlight();
    let runs = 0;
    const compute = async (): Promise<{ n: number }> => {
      runs += 1;
      await tick();
      return { n: runs };
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => flights.run('k', compute)));
    expect(runs).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toEqual({ n: 1 });
  });

  it('keeps keys independent', async () => {
    const flights = createSingleFlight();
    const seen: string[] = [];
    const [a, b] = await Promise.all([
      flights.run('a', async () => (seen.push('a'), 'A')),
      flights.run('b', async () => (seen.push('b'), 'B')),
    ]);
    expect([a, b]).toEqual(['A', 'B']);
    expect(seen.sort()).toEqual(['a', 'b']);
  });

  it('gives every waiting caller the same rejection and forgets the key afterwards', async () => {
    const flights = createSingleFlight();
    let runs = 0;
    const failing = async (): Promise<string> => {
      runs += 1;
      await tick();
      throw new Error('compute failed');
    };
    const outcomes = await Promise.allSettled([flights.run('k', failing), flights.run('k', failing)]);
    expect(runs).toBe(1);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toEqual(new Error('compute failed'));
    }
    expect(flights.has('k')).toBe(false);
    await expect(flights.run('k', async () => 'again')).resolves.toBe('again');
    expect(runs).toBe(1);
  });

  it('starts a fresh run once the previous one settled (it caches nothing)', async () => {
    const flights = createSingleFlight();
    let runs = 0;
    await flights.run('k', async () => ++runs);
    await flights.run('k', async () => ++runs);
    expect(runs).toBe(2);
    expect(flights.size).toBe(0);
  });

  it('turns a synchronous throw into a rejection', async () => {
    const flights = createSingleFlight();
    const sync = (): Promise<string> => {
      throw new Error('sync');
    };
    await expect(flights.run('k', sync)).rejects.toThrow('sync');
    expect(flights.has('k')).toBe(false);
  });

  it('reports in-flight keys while they run', async () => {
    const flights = createSingleFlight();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run = flights.run('k', () => gate);
    expect(flights.has('k')).toBe(true);
    expect(flights.size).toBe(1);
    release();
    await run;
    expect(flights.has('k')).toBe(false);
  });
});
