import { defineSecrets, measureHealth } from '@bharatmart/core';
import type { ISecretsProvider } from '@bharatmart/core';

/** Options of the env secrets provider. */
export interface EnvSecretsOptions {
  /**
   * The variables to read, usually the runtime's `process.env`. Read on every call, never copied,
   * so a variable changed in this record is seen by the next `get`.
   */
  env: Record<string, string | undefined>;
}

/**
 * Secrets held in environment variables, named `env`. A variable that is unset or set to the
 * empty string counts as absent. Only the record's own variables count (a name such as `toString`
 * is absent). `health()` is always `up`; `close()` does nothing.
 */
export function createEnvSecrets(options: EnvSecretsOptions): ISecretsProvider {
  const { env } = options;
  const read = (name: string): string | undefined => {
    const value = Object.hasOwn(env, name) ? env[name] : undefined;
    return value === '' ? undefined : value;
  };
  return defineSecrets({
    name: 'env',
    async get(name) {
      return read(name);
    },
    health: () => measureHealth(async () => undefined),
    async close() {},
  });
}
