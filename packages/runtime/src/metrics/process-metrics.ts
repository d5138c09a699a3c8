import { reportsCircuitState, reportsSecretsCache } from '@bharatmart/core';
import type { CircuitStateName } from '@bharatmart/core';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Container } from '../container.js';
import { activeDatabasePath } from '../registry/primary-database.js';
import { atMostOncePer } from './at-most-once-per.js';

const HEALTH_VALUE = { up: 1, degraded: 0.5, down: 0 } as const;
const CIRCUIT_STATES: readonly CircuitStateName[] = ['closed', 'open', 'half-open'];

/**
 * The Prometheus registry of one process (API or worker), with the metrics both export: Node's
 * default metrics; job counts by queue and state and the outbox backlog (each read at most once per
 * HEALTH_CHECK_INTERVAL_SECONDS, never per scrape); cached reads and bypassed cache calls; each
 * adapter's last checked health; the serving side of a failover database; the cache's circuit
 * state; the age of the secrets cache and its failed refreshes; and the metrics measured at the
 * adapters (`container.metrics`: database call durations, cache calls by outcome, job tries).
 * Everything else is read from memory. A process adds its own metrics (the API its HTTP metrics) to
 * the registry returned.
 */
export function createProcessMetrics(container: Container): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const intervalMs = container.config.healthCheckIntervalSeconds * 1000;
  const worker = container.worker;
  const jobCounts = worker ? atMostOncePer(intervalMs, () => worker.counts()) : undefined;
  new Gauge({
    name: 'jobs',
    help: 'Jobs by queue and state, as counted at most once per HEALTH_CHECK_INTERVAL_SECONDS',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      if (!jobCounts) return;
      for (const [queue, counts] of Object.entries(await jobCounts())) {
        for (const [state, count] of Object.entries(counts)) this.set({ queue, state }, count);
      }
    },
  });
  addOutboxMetrics(registry, container, intervalMs);
  addCacheMetrics(registry, container);
  new Gauge({
    name: 'adapter_health',
    help: 'Adapter health as last checked: 1 up, 0.5 degraded, 0 down',
    labelNames: ['port', 'type'],
    registers: [registry],
    async collect() {
      for (const { name, type, status } of (await container.health.report()).adapters) {
        this.set({ port: name, type }, HEALTH_VALUE[status]);
      }
    },
  });
  new Gauge({
    name: 'database_active_path',
    help: 'With DATABASE_FALLBACK_TYPE: 1 for the side of the failover pair serving now',
    labelNames: ['path'],
    registers: [registry],
    collect() {
      const path = activeDatabasePath(container.db);
      if (!path) return;
      this.set({ path: 'primary' }, path === 'primary' ? 1 : 0);
      this.set({ path: 'fallback' }, path === 'fallback' ? 1 : 0);
    },
  });
  addSecretsMetrics(registry, container);
  return Registry.merge([registry, container.metrics.registry]);
}

/** The outbox backlog, from one aggregate read at most once per interval; absent while it fails. */
function addOutboxMetrics(registry: Registry, container: Container, intervalMs: number): void {
  const read = atMostOncePer(intervalMs, () => container.db.outbox.backlog());
  const backlog = () => read().catch(() => undefined);
  new Gauge({
    name: 'outbox_pending_rows',
    help: 'Outbox entries not yet handed to the queue, read at most once per HEALTH_CHECK_INTERVAL_SECONDS',
    registers: [registry],
    async collect() {
      const answer = await backlog();
      if (answer) this.set(answer.pending);
      else this.reset();
    },
  });
  new Gauge({
    name: 'outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest outbox entry not yet handed to the queue (0 when none), as of the last backlog read',
    registers: [registry],
    async collect() {
      const answer = await backlog();
      if (!answer) return this.reset();
      const oldest = answer.oldestPendingAt === undefined ? Date.now() : Date.parse(answer.oldestPendingAt);
      this.set(Math.max(0, (Date.now() - oldest) / 1000));
    },
  });
}

/** Cached reads by outcome, bypassed calls, and the circuit state of a cache behind a breaker. */
function addCacheMetrics(registry: Registry, container: Container): void {
  new Counter({
    name: 'cache_reads_total',
    help: 'Cached reads since start: hits served from the cache, misses computed, errors bypassed',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      const stats = container.cacheStats;
      this.reset();
      this.inc({ outcome: 'hit' }, stats.hits);
      this.inc({ outcome: 'miss' }, stats.misses);
      this.inc({ outcome: 'error' }, stats.errors);
    },
  });
  new Counter({
    name: 'cache_bypassed_calls_total',
    help: 'Cache calls since start that the cache failed (or its open circuit refused): reads served from the database, invalidations left to the TTL',
    labelNames: ['operation'],
    registers: [registry],
    collect() {
      const stats = container.cacheStats;
      this.reset();
      this.inc({ operation: 'read' }, stats.errors);
      this.inc({ operation: 'invalidate' }, stats.invalidationErrors);
    },
  });
  const cache = container.cache;
  if (!reportsCircuitState(cache)) return;
  new Gauge({
    name: 'cache_circuit_state',
    help: "The cache's circuit breaker: 1 for the state it is in (closed, open, half-open), 0 for the others",
    labelNames: ['cache', 'state'],
    registers: [registry],
    collect() {
      const now = cache.circuitState();
      for (const state of CIRCUIT_STATES) this.set({ cache: cache.name, state }, state === now ? 1 : 0);
    },
  });
}

/** The age of the oldest secret held in memory and the background refreshes that failed. */
function addSecretsMetrics(registry: Registry, container: Container): void {
  const secrets = container.secrets;
  if (!reportsSecretsCache(secrets)) return;
  new Gauge({
    name: 'secrets_cache_age_seconds',
    help: 'Age of the oldest secret value held in memory (refreshed after SECRETS_CACHE_TTL_SECONDS when next read)',
    labelNames: ['provider'],
    registers: [registry],
    collect() {
      const { oldestFetchedAt } = secrets.cacheState();
      const age = oldestFetchedAt === undefined ? 0 : (Date.now() - oldestFetchedAt) / 1000;
      this.set({ provider: secrets.name }, Math.max(0, age));
    },
  });
  new Counter({
    name: 'secrets_refresh_failures_total',
    help: 'Background refreshes of a secret that failed since start (the last value kept serving)',
    labelNames: ['provider'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ provider: secrets.name }, secrets.cacheState().refreshFailures);
    },
  });
}
