import type { Redis } from 'ioredis';

/** Deletes every key starting with `prefix` (SCAN + UNLINK, never KEYS or FLUSHALL: Redis is shared). */
export async function purgeRedisPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}
