import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** A BullMQ prefix no other test run uses, so tests never see each other's jobs. */
export function uniquePrefix(label: string): string {
  return `bmtest-${label}-${randomUUID().slice(0, 8)}`;
}

/** Runs `each` on every batch of keys under `prefix` (SCAN, so the shared server is never blocked). */
async function scanKeys(
  redisUrl: string,
  prefix: string,
  each: (redis: Redis, keys: string[]) => Promise<unknown>,
) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await each(redis, keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under the given prefixes (UNLINK: never a flush of the shared server). */
export async function deleteKeys(redisUrl: string, prefixes: readonly string[]): Promise<void> {
  for (const prefix of prefixes) await scanKeys(redisUrl, prefix, (redis, keys) => redis.unlink(...keys));
}

/** Counts the keys under `prefix`. */
export async function countKeys(redisUrl: string, prefix: string): Promise<number> {
  let count = 0;
  await scanKeys(redisUrl, prefix, async (_redis, keys) => (count += keys.length));
  return count;
}
