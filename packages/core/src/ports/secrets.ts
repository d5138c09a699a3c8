import type { AdapterLifecycle } from './health.js';

/**
 * A source of secret values (passwords, signing keys). Values must never be written to logs,
 * error messages or configuration printouts; only names may be.
 */
export interface ISecretsProvider extends AdapterLifecycle {
  /** The current value of secret `name`, or `undefined` when this provider does not hold it. */
  get(name: string): Promise<string | undefined>;
  /** The values of `names` that this provider holds; absent names are left out of the result. */
  getMany(names: readonly string[]): Promise<Record<string, string>>;
}

/** What a secrets cache holds, as `SecretsCacheReporting` tells it. */
export interface SecretsCacheState {
  /** When the oldest answer served from memory was fetched (epoch ms); absent when none is held. */
  oldestFetchedAt?: number;
  /** Background refreshes that failed since the cache was made (the last answer kept serving). */
  refreshFailures: number;
}

/**
 * Capability sub-interface of a provider that serves answers from memory and refreshes them in the
 * background (`cacheSecrets`): it tells how old its answers are and how often refreshing failed, for
 * `/metrics`. No I/O. Check for it with `reportsSecretsCache`.
 */
export interface SecretsCacheReporting {
  cacheState(): SecretsCacheState;
}

/** True when `provider` reports its cache's state (checked by its members). */
export function reportsSecretsCache(
  provider: ISecretsProvider,
): provider is ISecretsProvider & SecretsCacheReporting {
  return typeof (provider as ISecretsProvider & Partial<SecretsCacheReporting>).cacheState === 'function';
}
