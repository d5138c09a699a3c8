import type { SQSClientConfig } from '@aws-sdk/client-sqs';
import { resolvePollingQueueOptions } from '@bharatmart/polling-queue';
import type { PollingQueueOptions, ResolvedPollingQueueOptions } from '@bharatmart/polling-queue';

/** Options of the SQS worker. */
export interface SqsWorkerOptions extends PollingQueueOptions {
  /**
   * URL of the one queue that carries every job (SQS_QUEUE_URL). A URL ending in `.fifo` is a FIFO
   * queue: job ids then deduplicate for SQS's 5-minute window.
   */
  queueUrl: string;
  /** The queue's region (AWS_REGION), e.g. `ap-south-1`. */
  region: string;
  /** Endpoint to call instead of the region's (VPC endpoint, or a local stand-in in tests). */
  endpoint?: string;
  /** Credentials; default the SDK's own chain (environment, shared files, instance or task role). */
  credentials?: SQSClientConfig['credentials'];
  /**
   * Queue that keeps jobs which used up their attempts (for `failedJobs` and `retry`). Default the
   * `deadLetterTargetArn` of the queue's RedrivePolicy; one of the two is required.
   */
  deadLetterQueueUrl?: string;
  /** Long-poll wait of each ReceiveMessage call, 0–20 seconds. Default 20. */
  waitTimeSeconds?: number;
}

/** The options with their defaults applied and checked. */
export interface ResolvedSqsOptions extends ResolvedPollingQueueOptions {
  queueUrl: string;
  fifo: boolean;
  deadLetterQueueUrl: string | undefined;
}

/** Longest long poll SQS allows. */
const MAX_WAIT_S = 20;

/** Applies defaults and throws a RangeError naming the first invalid option. */
export function resolveSqsOptions(options: SqsWorkerOptions): ResolvedSqsOptions {
  if (!options.queueUrl) throw new RangeError('queueUrl is required');
  if (!options.region) throw new RangeError('region is required');
  return {
    ...resolvePollingQueueOptions(options, MAX_WAIT_S),
    queueUrl: options.queueUrl,
    fifo: options.queueUrl.endsWith('.fifo'),
    deadLetterQueueUrl: options.deadLetterQueueUrl,
  };
}
