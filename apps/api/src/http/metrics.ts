import { activeDatabasePath } from '@bharatmart/runtime';
import type { Container } from '@bharatmart/runtime';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const HEALTH_VALUE = { up: 1, degraded: 0.5, down: 0 } as const;

/**
 * Prometheus metrics of one API process: request counts and latency by route, job counts by queue
 * and state (read from the queue at most once per health interval), cache reads served from the
 * cache vs computed, cache calls bypassed because the cache failed, and each adapter's last checked
 * health; and the metrics measured at the adapters (`container.metrics`: database call durations,
 * cache calls by outcome, job try durations).
 */
export function installMetrics(app: FastifyInstance, container: Container): Registry {
  const own = new Registry();
  collectDefaultMetrics({ register: own });
  const registry = Registry.merge([own, container.metrics.registry]);
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const worker = container.worker;
  const jobCounts = worker
    ? atMostOncePer(container.config.healthCheckIntervalSeconds * 1000, () => worker.counts())
    : undefined;
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
  new Gauge({
    name: 'cache_reads',
    help: 'Cached reads since start: hits served from the cache, misses computed, errors bypassed',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      const stats = container.cacheStats;
      this.set({ outcome: 'hit' }, stats.hits);
      this.set({ outcome: 'miss' }, stats.misses);
      this.set({ outcome: 'error' }, stats.errors);
    },
  });
  new Gauge({
    name: 'cache_bypassed_calls',
    help: 'Cache calls since start that the cache failed (or its open circuit refused): reads served from the database, invalidations left to the TTL',
    labelNames: ['operation'],
    registers: [registry],
    collect() {
      const stats = container.cacheStats;
      this.set({ operation: 'read' }, stats.errors);
      this.set({ operation: 'invalidate' }, stats.invalidationErrors);
    },
  });
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
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: reply.statusCode });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });
  return registry;
}

/**
 * `read`, called at most once per `intervalMs`: callers in between share its last answer (or the
 * one still coming), so scrapes never reach the backend more often. A failed read is not kept.
 */
function atMostOncePer<T>(intervalMs: number, read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; answer: Promise<T> } | undefined;
  return () => {
    if (!last || performance.now() - last.at >= intervalMs) {
      const entry = { at: performance.now(), answer: read() };
      last = entry;
      entry.answer.catch(() => {
        if (last === entry) last = undefined;
      });
    }
    return last.answer;
  };
}
