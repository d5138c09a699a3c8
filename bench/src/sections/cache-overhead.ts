import type { ICacheAdapter } from '@bharatmart/core';
import { createMemcachedCache } from '@bharatmart/cache-memcached';
import { createMemoryCache } from '@bharatmart/cache-memory';
import { createRedisCache } from '@bharatmart/cache-redis';
import { Redis } from 'ioredis';
import memjs from 'memjs';
import NodeCache from 'node-cache';
import { onCleanup } from '../core/cleanup.js';
import { interleaved, type Budget } from '../core/interleave.js';
import { purgeRedisPrefix } from '../core/redis-purge.js';
import { row, skipped, type ResultRow } from '../core/results.js';
import { RUN_ID, SERVICES, unreachable, type ServiceName } from '../core/services.js';
import { round } from '../core/stats.js';

const TARGET = 1.1;
const KEYS = 200;
const TTL = 60;

/** A product-shaped value, about 300 bytes of JSON. */
const VALUE = {
  id: '5b0c7f0e-8a43-4e0e-9a53-2f8f2d0c9f11',
  sku: 'TEA-ASSAM-250',
  name: 'Assam tea, 250 g',
  description: 'Strong malty black tea from upper Assam, loose leaf.',
  price: 34900,
  currency: 'INR',
  stock: 120,
  category: 'grocery',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

/** The raw-client side of a cache comparison. */
interface RawCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
}

async function compare(
  label: string,
  reference: string,
  adapter: ICacheAdapter,
  raw: RawCache,
  budget: Budget,
) {
  const keys = Array.from({ length: KEYS }, (_, i) => `products:item:${i}`);
  for (const key of keys) {
    await adapter.set(key, VALUE, TTL);
    await raw.set(key, VALUE);
  }
  let i = 0;
  let j = 0;
  const get = await interleaved(
    () => adapter.get(keys[i++ % KEYS] ?? ''),
    () => raw.get(keys[i % KEYS] ?? ''),
    budget,
  );
  const set = await interleaved(
    () => adapter.set(keys[j++ % KEYS] ?? '', VALUE, TTL),
    () => raw.set(keys[j % KEYS] ?? '', VALUE),
    budget,
  );
  const note = (r: typeof get) =>
    `vs ${reference}; p99 ${round(r.ours.p99, 4)} vs ${round(r.reference.p99, 4)} ms; ${Math.round(r.ours.opsPerSec)} vs ${Math.round(r.reference.opsPerSec)} ops/s (1 caller)`;
  return [
    row({
      name: `cache ${label}: get hit (adapter vs ${reference})`,
      ours: get.ours.p50,
      reference: get.reference.p50,
      unit: 'ms p50',
      target: TARGET,
      note: note(get),
    }),
    row({
      name: `cache ${label}: set (adapter vs ${reference})`,
      ours: set.ours.p50,
      reference: set.reference.p50,
      unit: 'ms p50',
      target: TARGET,
      note: note(set),
    }),
  ];
}

async function memory(budget: Budget): Promise<ResultRow[]> {
  const adapter = createMemoryCache();
  // node-cache as one would use it directly: its defaults (values cloned on get and set).
  const raw = new NodeCache({ stdTTL: TTL });
  try {
    return await compare(
      'memory',
      'node-cache',
      adapter,
      {
        get: async (key) => raw.get(key),
        set: async (key, value) => raw.set(key, value, TTL),
      },
      budget,
    );
  } finally {
    raw.close();
    await adapter.close();
  }
}

async function redis(budget: Budget): Promise<ResultRow[]> {
  const prefix = `${RUN_ID}:cache:`;
  const adapter = createRedisCache({ url: SERVICES.redis.url, keyPrefix: `${prefix}a:` });
  const client = new Redis(SERVICES.redis.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
  const stop = onCleanup('redis cache keys', async () => {
    await purgeRedisPrefix(client, prefix);
    await adapter.close();
    client.disconnect();
  });
  try {
    return await compare(
      'redis',
      'ioredis',
      adapter,
      {
        get: async (key) => {
          const text = await client.get(`${prefix}r:${key}`);
          return text === null ? undefined : JSON.parse(text);
        },
        set: (key, value) => client.set(`${prefix}r:${key}`, JSON.stringify(value), 'EX', TTL),
      },
      budget,
    );
  } finally {
    await stop();
  }
}

async function memcached(budget: Budget): Promise<ResultRow[]> {
  const adapter = createMemcachedCache({ servers: SERVICES.memcached.url, keyPrefix: `${RUN_ID}:a:` });
  const client = memjs.Client.create(SERVICES.memcached.url, { timeout: 0.5, retries: 0 });
  const stop = onCleanup('memcached clients', async () => {
    await adapter.close();
    client.close();
  });
  try {
    return await compare(
      'memcached',
      'memjs',
      adapter,
      {
        get: async (key) => {
          const { value } = await client.get(`${RUN_ID}:r:${key}`);
          return value === null ? undefined : JSON.parse(value.toString());
        },
        set: (key, value) => client.set(`${RUN_ID}:r:${key}`, JSON.stringify(value), { expires: TTL }),
      },
      budget,
    );
  } finally {
    await stop();
  }
}

/** Section 1b: cache get (hit) and set through our cache adapters vs the clients used directly. */
export async function cacheOverhead(budget: Budget, log: (line: string) => void): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const caches: {
    label: string;
    reference: string;
    service?: ServiceName;
    run: (b: Budget) => Promise<ResultRow[]>;
  }[] = [
    { label: 'memory', reference: 'node-cache', run: memory },
    { label: 'redis', reference: 'ioredis', service: 'redis', run: redis },
    { label: 'memcached', reference: 'memjs', service: 'memcached', run: memcached },
  ];
  for (const cache of caches) {
    const names = [`get hit`, `set`].map(
      (op) => `cache ${cache.label}: ${op} (adapter vs ${cache.reference})`,
    );
    const reason = cache.service && (await unreachable(cache.service));
    if (reason) {
      rows.push(...names.map((n) => skipped(n, 'ms p50', reason, TARGET)));
      continue;
    }
    log(`cache overhead: ${cache.label}`);
    try {
      rows.push(...(await cache.run(budget)));
    } catch (error) {
      const message = `failed: ${error instanceof Error ? error.message : String(error)}`;
      rows.push(...names.map((n) => skipped(n, 'ms p50', message, TARGET)));
    }
  }
  return rows;
}
