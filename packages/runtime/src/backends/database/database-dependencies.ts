import type { ISecretsProvider, Logger } from '@bharatmart/core';

/** What a database descriptor's factory is given besides its configuration. */
export interface DatabaseDependencies {
  /** The process's secrets provider, for secrets read again on every connection (rotation). */
  secrets: ISecretsProvider;
  /** The descriptor's declared secrets, read once and checked (required ones are present). */
  secretValues: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}
