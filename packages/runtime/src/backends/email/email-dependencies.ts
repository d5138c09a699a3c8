import type { Logger } from '@bharatmart/core';

/** What an email descriptor's factory is given besides its configuration. */
export interface EmailDependencies {
  /** The descriptor's declared secrets, read once and checked (required ones are present). */
  secretValues: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}
