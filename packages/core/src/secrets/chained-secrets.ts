import { AdapterError } from '../errors.js';
import type { HealthStatus } from '../ports/health.js';
import type { ISecretsProvider } from '../ports/secrets.js';

/** Observers of a chain's lookups; they receive names only, never values. */
export interface ChainSecretsOptions {
  /** Called when `name` is found, with the name of the provider that held it. */
  onResolved?: (name: string, providerName: string) => void;
  /**
   * Called when a provider threw while asked for `names`; the chain goes on with the next one.
   * The error is the provider's own.
   */
  onProviderError?: (info: { providerName: string; names: readonly string[]; error: unknown }) => void;
}

/**
 * One provider that asks `providers` in order: the first that holds a name wins. A provider that
 * throws is reported through `onProviderError` and skipped. A name no provider holds is
 * `undefined` (left out of `getMany`) when every provider answered; when one of them failed, the
 * lookup throws an `AdapterError` with code `UNAVAILABLE` naming the secret and the failed
 * providers, because the name may well exist there. Its `name` is `chain(a,b)`.
 * `health()` is `up` when all providers are up, `down` when all are down, `degraded` otherwise.
 * @throws AdapterError `MISCONFIGURED` when `providers` is empty.
 */
export function chainSecrets(
  providers: readonly ISecretsProvider[],
  options: ChainSecretsOptions = {},
): ISecretsProvider {
  const chainName = `chain(${providers.map((p) => p.name).join(',')})`;
  if (providers.length === 0) {
    throw new AdapterError('chain', 'MISCONFIGURED', 'chainSecrets needs at least one provider');
  }
  const { onResolved, onProviderError } = options;

  const unavailable = (names: readonly string[], failed: string[], errors: unknown[]): AdapterError =>
    new AdapterError(
      chainName,
      'UNAVAILABLE',
      `secret(s) ${names.map((n) => `"${n}"`).join(', ')} not found; provider(s) failed: ${failed.join(', ')}`,
      { cause: errors.length === 1 ? errors[0] : new AggregateError(errors, 'secret providers failed') },
    );

  return {
    name: chainName,

    async get(name: string): Promise<string | undefined> {
      const failed: string[] = [];
      const errors: unknown[] = [];
      for (const provider of providers) {
        let value: string | undefined;
        try {
          value = await provider.get(name);
        } catch (error) {
          failed.push(provider.name);
          errors.push(error);
          onProviderError?.({ providerName: provider.name, names: [name], error });
          continue;
        }
        if (value !== undefined) {
          onResolved?.(name, provider.name);
          return value;
        }
      }
      if (failed.length > 0) throw unavailable([name], failed, errors);
      return undefined;
    },

    async getMany(names: readonly string[]): Promise<Record<string, string>> {
      let remaining = [...new Set(names)];
      const found: [string, string][] = [];
      const failed: string[] = [];
      const errors: unknown[] = [];
      for (const provider of providers) {
        if (remaining.length === 0) break;
        let answer: Record<string, string>;
        try {
          answer = await provider.getMany(remaining);
        } catch (error) {
          failed.push(provider.name);
          errors.push(error);
          onProviderError?.({ providerName: provider.name, names: remaining, error });
          continue;
        }
        const held = remaining.filter((name) => Object.hasOwn(answer, name) && answer[name] !== undefined);
        for (const name of held) {
          found.push([name, answer[name] as string]);
          onResolved?.(name, provider.name);
        }
        remaining = remaining.filter((name) => !held.includes(name));
      }
      if (remaining.length > 0 && failed.length > 0) throw unavailable(remaining, failed, errors);
      return Object.fromEntries(found);
    },

    async health(): Promise<HealthStatus> {
      const started = performance.now();
      const results = await Promise.all(providers.map((p) => p.health()));
      const latencyMs = Math.round((performance.now() - started) * 100) / 100;
      const notUp = providers.filter((_, i) => results[i]?.status !== 'up').map((p) => p.name);
      if (notUp.length === 0) return { status: 'up', latencyMs };
      const status = results.every((r) => r.status === 'down') ? 'down' : 'degraded';
      return { status, latencyMs, message: `not up: ${notUp.join(', ')}` };
    },

    async close(): Promise<void> {
      const outcomes = await Promise.allSettled(providers.map((p) => p.close()));
      const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      if (errors.length > 0) throw new AggregateError(errors, `${chainName}: closing providers failed`);
    },
  };
}
