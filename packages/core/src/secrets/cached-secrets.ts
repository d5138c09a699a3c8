import type { HealthStatus } from '../ports/health.js';
import type { ISecretsProvider, SecretsCacheReporting } from '../ports/secrets.js';
import { createSingleFlight } from '../util/single-flight.js';

/** How `cacheSecrets` keeps values. */
export interface CacheSecretsOptions {
  /**
   * How long a fetched answer is served before it is refreshed, in seconds (fractions allowed,
   * must be > 0). "Not held" answers are cached too, so a chain does not ask a remote vault for a
   * name it lacks on every call.
   */
  ttlSeconds: number;
  /**
   * Called when a background refresh of `name` fails. The last known answer keeps being served and
   * the refresh is tried again one TTL later. Receives the name and the provider's error, never a
   * value. Exceptions thrown by the callback are ignored.
   */
  onRefreshError?: (name: string, error: unknown) => void;
}

interface Entry {
  value: string | undefined;
  /** When `value` was fetched. */
  fetchedAt: number;
  /** When the next background refresh is due from: `fetchedAt`, or the last failed refresh. */
  checkedAt: number;
}

/**
 * Wraps `provider` so each secret is fetched once and then served from memory. An answer older
 * than `ttlSeconds` is still returned at once while one background refresh per name fetches the
 * current value, so a rotated secret is seen after the next refresh without a restart. The first
 * fetch of a name is awaited and its failure is thrown to the caller (there is no value to keep).
 * `name`, `health()` are the provider's own; `close()` forgets every value and closes the provider.
 * `cacheState()` tells when the oldest held answer was fetched and how many refreshes failed.
 */
export function cacheSecrets(
  provider: ISecretsProvider,
  options: CacheSecretsOptions,
): ISecretsProvider & SecretsCacheReporting {
  const { ttlSeconds, onRefreshError } = options;
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`cacheSecrets: ttlSeconds must be a positive number, got ${ttlSeconds}`);
  }
  const ttlMs = ttlSeconds * 1000;
  const entries = new Map<string, Entry>();
  const flights = createSingleFlight();
  let closed = false;
  let refreshFailures = 0;

  const remember = (name: string, value: string | undefined): void => {
    const now = Date.now();
    if (!closed) entries.set(name, { value, fetchedAt: now, checkedAt: now });
  };

  const fetchOne = (name: string): Promise<string | undefined> =>
    flights.run(name, async () => {
      const value = await provider.get(name);
      remember(name, value);
      return value;
    });

  const refreshIfStale = (name: string, entry: Entry): void => {
    if (closed || Date.now() - entry.checkedAt < ttlMs || flights.has(name)) return;
    fetchOne(name).catch((error: unknown) => {
      // Push the next attempt one TTL away so a provider outage is not hammered on every call.
      entry.checkedAt = Date.now();
      refreshFailures += 1;
      try {
        onRefreshError?.(name, error);
      } catch {
        // A faulty reporter must not turn into an unhandled rejection.
      }
    });
  };

  return {
    name: provider.name,

    async get(name: string): Promise<string | undefined> {
      const entry = entries.get(name);
      if (!entry) return fetchOne(name);
      refreshIfStale(name, entry);
      return entry.value;
    },

    async getMany(names: readonly string[]): Promise<Record<string, string>> {
      const missing = [...new Set(names)].filter((name) => !entries.has(name));
      const fetched = new Map<string, string | undefined>();
      if (missing.length > 0) {
        const answer = await provider.getMany(missing);
        for (const name of missing) {
          const value = Object.hasOwn(answer, name) ? answer[name] : undefined;
          fetched.set(name, value);
          remember(name, value);
        }
      }
      const pairs: [string, string][] = [];
      for (const name of new Set(names)) {
        const entry = entries.get(name);
        if (entry) refreshIfStale(name, entry);
        const value = entry ? entry.value : fetched.get(name);
        if (value !== undefined) pairs.push([name, value]);
      }
      // fromEntries defines own properties, so a name like `__proto__` cannot reach the prototype.
      return Object.fromEntries(pairs);
    },

    health: (): Promise<HealthStatus> => provider.health(),

    cacheState() {
      const fetched = [...entries.values()].map((entry) => entry.fetchedAt);
      return fetched.length === 0
        ? { refreshFailures }
        : { oldestFetchedAt: Math.min(...fetched), refreshFailures };
    },

    async close(): Promise<void> {
      closed = true;
      entries.clear();
      await provider.close();
    },
  };
}
