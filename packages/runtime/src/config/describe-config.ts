import type { AppConfig, DatabaseConfig } from './app-config.js';

/** Replaces the password part of a connection URL (`user:pw@host` → `user:***@host`). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}

function redactDatabase(database: DatabaseConfig): DatabaseConfig {
  const copy = { ...database } as DatabaseConfig & {
    url?: string;
    dbUrl?: string;
    connectionString?: string;
  };
  if (copy.url) copy.url = redactUrl(copy.url);
  if (copy.dbUrl) copy.dbUrl = redactUrl(copy.dbUrl);
  if (copy.connectionString) copy.connectionString = redactUrl(copy.connectionString);
  return copy;
}

/**
 * The configuration with every credential embedded in a URL masked. Secrets proper are never in the
 * config (they are read through the secrets provider), so this is safe to print and to serve.
 */
export function redactedConfig(config: AppConfig): AppConfig {
  const cache = 'url' in config.cache ? { ...config.cache, url: redactUrl(config.cache.url) } : config.cache;
  const worker =
    'redisUrl' in config.worker
      ? { ...config.worker, redisUrl: redactUrl(config.worker.redisUrl) }
      : config.worker;
  return {
    ...config,
    database: redactDatabase(config.database),
    ...(config.databaseFallback ? { databaseFallback: redactDatabase(config.databaseFallback) } : {}),
    cache,
    worker,
  };
}

/** The block printed at startup: one line of the chosen backends. */
export function describeConfig(config: AppConfig): string {
  const fallback = config.databaseFallback ? ` (fallback: ${config.databaseFallback.type})` : '';
  return [
    'Deployment configuration:',
    `   mode: ${config.mode}   database: ${config.database.type}${fallback}   workers: ${config.worker.mode}   cache: ${config.cache.type}   secrets: ${config.secrets.provider}`,
  ].join('\n');
}
