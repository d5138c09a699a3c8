import type { PortBackend } from '../backends/descriptor.js';
import { loadBackend } from '../backends/load-backend.js';
import { PORTS } from '../backends/ports.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigError } from '../config/config-error.js';
import type { ConfigIssue } from '../config/config-error.js';

/**
 * Imports the adapter package of every backend the configuration chooses (database and its fallback,
 * queue, cache, secrets provider and its fallback, payment gateway, email transport). Both startup and `config:check` call it, so both
 * refuse a configuration whose package is not installed, with every such package in one ConfigError.
 */
export async function loadChosenBackends(config: AppConfig): Promise<void> {
  const { database, worker, cache, secrets, payments, email } = PORTS;
  const chosen: [Record<string, PortBackend<unknown, unknown, never>>, string, string | undefined][] = [
    [database.backends, database.choice, config.database.type],
    [database.backends, database.fallback, config.databaseFallback?.type],
    [worker.backends, worker.choice, config.worker.mode],
    [cache.backends, cache.choice, config.cache.type],
    [secrets.backends, secrets.choice, config.secrets.provider],
    [secrets.backends, secrets.fallback, config.secrets.fallback?.provider],
    [payments.backends, payments.choice, config.payment.provider],
    [email.backends, email.choice, config.email.transport],
  ];
  const issues: ConfigIssue[] = [];
  for (const [backends, variable, name] of chosen) {
    const backend = name === undefined ? undefined : backends[name];
    if (!backend) continue;
    try {
      await loadBackend(backend, { variable, because: `${variable}=${name}` });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
