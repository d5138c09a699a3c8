import { expect, it } from '@jest/globals';
import type { WorkerContractFixtures } from './fixtures.js';

/** Name, declared capabilities, health while running, and closing twice. */
export function describeIdentityContract(fx: WorkerContractFixtures): void {
  const { open } = fx;

  it('has a name and declares its capabilities, reports healthy while running, closes twice', async () => {
    const w = await open();
    expect(w.name).toMatch(/\S/);
    expect(typeof w.durable).toBe('boolean');
    expect(typeof w.dedupesJobIds).toBe('boolean');
    expect(['exact', 'approximate']).toContain(w.countAccuracy);
    await w.start();
    const health = await w.health();
    expect(health.status).toBe('up');
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    await w.stop({ timeoutMs: 1000 });
    await w.close();
    await expect(w.close()).resolves.toBeUndefined();
  });
}
