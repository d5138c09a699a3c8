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
