import { measureHealth } from '../src/ports/health.js';
import type { ISecretsProvider } from '../src/ports/secrets.js';

/**
 * A real, minimal secrets provider over a mutable record (the same semantics as the env provider,
 * which core cannot depend on). `state.failing` makes every call throw that error.
 */
export function recordSecrets(name: string, values: Record<string, string>) {
  const state = { calls: 0, closed: 0, failing: undefined as Error | undefined };
  const read = (key: string): string | undefined => {
    const value = Object.hasOwn(values, key) ? values[key] : undefined;
    return value === '' ? undefined : value;
  };
  const provider: ISecretsProvider = {
    name,
    async get(key) {
      state.calls += 1;
      if (state.failing) throw state.failing;
      return read(key);
    },
    async getMany(keys) {
      state.calls += 1;
      if (state.failing) throw state.failing;
      const pairs: [string, string][] = [];
      for (const key of keys) {
        const value = read(key);
        if (value !== undefined) pairs.push([key, value]);
      }
      return Object.fromEntries(pairs);
    },
    health: () =>
      measureHealth(async () => {
        if (state.failing) throw new Error(`${name} unreachable`);
      }),
    async close() {
      state.closed += 1;
    },
  };
  return { provider, values, state };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `accept` holds or `timeoutMs` passes; returns the last value read. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 2000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await sleep(10);
    value = await read();
  }
  return value;
}
