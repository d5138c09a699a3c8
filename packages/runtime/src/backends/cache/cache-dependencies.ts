import type { Logger } from '@bharatmart/core';

/** What a cache descriptor's factory is given besides its configuration. */
export interface CacheDependencies {
  logger: Logger;
  /** CACHE_DEFAULT_TTL_SECONDS: the TTL of writes that give none. */
  defaultTtlSeconds: number;
}
