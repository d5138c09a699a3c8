import { redactCredential } from '../backends/redact-credentials.js';
import type { AppConfig } from './app-config.js';
import { CREDENTIALS } from './app-config.js';

/**
 * The configuration with every credential masked: each value of a variable its descriptor declares
 * credential-bearing is masked wherever it sits in the configuration, by `redactCredential`. Secrets
 * proper are never in the config (they are read through the secrets provider), so this is safe to
 * print and to serve.
 */
export function redactedConfig(config: AppConfig): AppConfig {
  const credentials = new Set(config[CREDENTIALS]);
  const mask = (value: unknown): unknown => {
    if (typeof value === 'string') return credentials.has(value) ? redactCredential(value) : value;
    if (Array.isArray(value)) return value.map(mask);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mask(inner)]));
    }
    return value;
  };
  return { ...(mask(config) as AppConfig), [CREDENTIALS]: [] };
}

/** The block printed at startup: one line of the chosen backends. */
export function describeConfig(config: AppConfig): string {
  const fallback = config.databaseFallback ? ` (fallback: ${config.databaseFallback.type})` : '';
  return [
    'Deployment configuration:',
    `   mode: ${config.mode}   database: ${config.database.type}${fallback}   workers: ${config.worker.mode}   cache: ${config.cache.type}   secrets: ${config.secrets.provider}`,
  ].join('\n');
}
