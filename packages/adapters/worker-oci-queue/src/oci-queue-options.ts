import { wholeNumber } from '@bharatmart/core';
import { resolvePollingQueueOptions } from '@bharatmart/polling-queue';
import type { PollingQueueOptions, ResolvedPollingQueueOptions } from '@bharatmart/polling-queue';
import type { OciAuth } from '@bharatmart/oci-auth';
import type { AuthenticationDetailsProvider } from 'oci-common';

/** Options of the OCI Queue worker. */
export interface OciQueueWorkerOptions extends PollingQueueOptions {
  /** OCID of the one queue that carries every job (OCI_QUEUE_OCID). */
  queueId: string;
  /** The queue's messages endpoint (OCI_QUEUE_ENDPOINT), e.g. `https://cell-1.queue.messaging.ap-mumbai-1.oci.oraclecloud.com`. */
  endpoint: string;
  /** A ready authentication provider; takes precedence over `auth`. */
  authProvider?: AuthenticationDetailsProvider;
  /** How to authenticate (OCI_AUTH). Default `{ method: 'config-file' }`: `~/.oci/config`, profile DEFAULT. */
  auth?: OciAuth;
  /** Long-poll wait of each GetMessages call, 0–30 seconds. Default 20. */
  waitTimeSeconds?: number;
  /** Attempts per request on network errors, 5xx and 429, including the first. Default 3. */
  maxAttempts?: number;
}

/** The options with their defaults applied and checked. */
export interface ResolvedOciQueueOptions extends ResolvedPollingQueueOptions {
  queueId: string;
  endpoint: string;
  authProvider: AuthenticationDetailsProvider | undefined;
  auth: OciAuth;
  maxAttempts: number;
}

/** Longest long poll OCI Queue allows. */
const MAX_WAIT_S = 30;

/** Applies defaults and throws a RangeError naming the first invalid option. */
export function resolveOciQueueOptions(options: OciQueueWorkerOptions): ResolvedOciQueueOptions {
  if (!options.queueId) throw new RangeError('queueId is required');
  if (!options.endpoint) throw new RangeError('endpoint is required');
  return {
    ...resolvePollingQueueOptions(options, MAX_WAIT_S),
    queueId: options.queueId,
    endpoint: options.endpoint,
    authProvider: options.authProvider,
    auth: options.auth ?? { method: 'config-file' },
    maxAttempts: wholeNumber(options.maxAttempts ?? 3, 1, 'maxAttempts'),
  };
}
