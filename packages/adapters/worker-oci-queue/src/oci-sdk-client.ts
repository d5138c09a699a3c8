import { createOciAuthProvider } from '@bharatmart/oci-auth';
import type { QueueClient } from 'oci-queue';
import { NAME } from './oci-queue-client.js';
import type { ResolvedOciQueueOptions } from './oci-queue-options.js';

/**
 * An SDK client on the queue's messages endpoint, authenticated by `authProvider` or else `auth`,
 * retrying requests `maxAttempts` times in all. Unusable authentication settings reject with
 * AdapterError `MISCONFIGURED`. The SDK is loaded on first use.
 */
export async function createQueueClient(options: ResolvedOciQueueOptions): Promise<QueueClient> {
  const [common, { QueueClient }] = await Promise.all([import('oci-common'), import('oci-queue')]);
  const authenticationDetailsProvider =
    options.authProvider ?? (await createOciAuthProvider(NAME, options.auth));
  const client = new QueueClient(
    { authenticationDetailsProvider },
    {
      retryConfiguration: {
        terminationStrategy: new common.MaxAttemptsTerminationStrategy(options.maxAttempts),
        delayStrategy: new common.ExponentialBackoffDelayStrategy(8),
      },
    },
  );
  client.endpoint = options.endpoint;
  return client;
}
