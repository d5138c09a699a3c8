import type { Logger } from '@bharatmart/core';

/** What a worker descriptor's factory is given besides its configuration. */
export interface WorkerDependencies {
  logger: Logger;
}
