import { createHash, randomUUID } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { QueueAttributeName, SQSClient } from '@aws-sdk/client-sqs';
import { AdapterError } from '@bharatmart/core';
import { formatJobMessage, parseJobMessage } from '@bharatmart/polling-queue';
import type { JobMessage, ReceivedMessage } from '@bharatmart/polling-queue';

/** The adapter's name, as configured (WORKER_MODE=sqs). */
export const NAME = 'sqs';
/** Longest per-message delay SQS holds (DelaySeconds). */
const MAX_DELAY_S = 900;
/** Message group ids and deduplication ids: 1–128 printable ASCII characters. */
const FIFO_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * One message as received: its receipt handle, its ApproximateReceiveCount (including this receive)
 * as delivery count, and its SentTimestamp (epoch ms).
 */
export type SqsMessage = ReceivedMessage & { sentAt: number };

// Duck-typed rather than instanceof, so an error from another copy of the SDK is still recognised.
const errorName = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : 'Error';

/** `value` itself when SQS accepts it as a FIFO id, else its SHA-256 in hex. */
const fifoId = (value: string): string =>
  FIFO_ID.test(value) ? value : createHash('sha256').update(value).digest('hex');

/**
 * The SQS calls the worker makes, each failure turned into an AdapterError `UNAVAILABLE` naming the
 * operation and the AWS error code. Knows how jobs travel: JSON bodies, DelaySeconds up to 900 s and
 * delay carriers beyond (or on FIFO queues, which have no per-message delay), FIFO group and
 * deduplication ids derived from job ids.
 */
export class SqsQueueClient {
  constructor(private readonly client: SQSClient) {}

  /**
   * Sends `job` to `queueUrl`, to run no earlier than `delayMs` from now. On a FIFO queue `dedupeKey`
   * is the deduplication id (a random one when omitted) and the job id the message group.
   */
  async sendJob(queueUrl: string, job: JobMessage, delayMs: number, dedupeKey?: string): Promise<void> {
    const fifo = queueUrl.endsWith('.fifo');
    const delayS = Math.ceil(delayMs / 1000);
    const carrier = delayS > 0 && (fifo || delayS > MAX_DELAY_S);
    const body: JobMessage = carrier ? { ...job, runAt: Date.now() + delayMs } : { ...job, runAt: undefined };
    await this.call('SendMessage', () =>
      this.client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: formatJobMessage(body),
          ...(fifo
            ? { MessageGroupId: fifoId(job.id), MessageDeduplicationId: fifoId(dedupeKey ?? randomUUID()) }
            : delayS > 0
              ? { DelaySeconds: Math.min(delayS, MAX_DELAY_S) }
              : {}),
        }),
      ),
    );
  }

  /** Long-polls `queueUrl` for up to `max` (1–10) messages, hiding them for `visibilityS`. */
  async receive(
    queueUrl: string,
    options: { max: number; visibilityS: number; waitS: number; signal?: AbortSignal },
  ): Promise<SqsMessage[]> {
    const output = await this.call('ReceiveMessage', () =>
      this.client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: options.max,
          VisibilityTimeout: options.visibilityS,
          WaitTimeSeconds: options.waitS,
          MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        }),
        options.signal ? { abortSignal: options.signal } : {},
      ),
    );
    return (output.Messages ?? []).flatMap((message) =>
      message.ReceiptHandle === undefined
        ? []
        : [
            {
              job: parseJobMessage(message.Body),
              receipt: message.ReceiptHandle,
              deliveryCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
              sentAt: Number(message.Attributes?.SentTimestamp ?? Date.now()),
            },
          ],
    );
  }

  /** Hides a received message for `seconds` from now; 0 makes it visible at once. */
  async changeVisibility(queueUrl: string, receiptHandle: string, seconds: number): Promise<void> {
    await this.call('ChangeMessageVisibility', () =>
      this.client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: seconds,
        }),
      ),
    );
  }

  /** Deletes a received message. */
  async delete(queueUrl: string, receiptHandle: string): Promise<void> {
    await this.call('DeleteMessage', () =>
      this.client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle })),
    );
  }

  /** Makes received messages visible again, ten per call; entries that fail are left to time out. */
  async releaseAll(queueUrl: string, receiptHandles: readonly string[]): Promise<void> {
    for (let i = 0; i < receiptHandles.length; i += 10) {
      const Entries = receiptHandles
        .slice(i, i + 10)
        .map((ReceiptHandle, n) => ({ Id: String(n), ReceiptHandle, VisibilityTimeout: 0 }));
      await this.call('ChangeMessageVisibilityBatch', () =>
        this.client.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries })),
      );
    }
  }

  /** Deletes received messages, ten per call. */
  async deleteAll(queueUrl: string, receiptHandles: readonly string[]): Promise<void> {
    for (let i = 0; i < receiptHandles.length; i += 10) {
      const Entries = receiptHandles
        .slice(i, i + 10)
        .map((ReceiptHandle, n) => ({ Id: String(n), ReceiptHandle }));
      await this.call('DeleteMessageBatch', () =>
        this.client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries })),
      );
    }
  }

  /** The queue attributes `names` (numbers and strings as SQS returns them, as strings). */
  async attributes(queueUrl: string, names: QueueAttributeName[]): Promise<Record<string, string>> {
    const output = await this.call('GetQueueAttributes', () =>
      this.client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: names })),
    );
    return output.Attributes ?? {};
  }

  /** The URL of the dead-letter queue named by the RedrivePolicy of `queueUrl`, if it has one. */
  async redriveTargetUrl(queueUrl: string): Promise<string | undefined> {
    const policy = (await this.attributes(queueUrl, ['RedrivePolicy'])).RedrivePolicy;
    if (policy === undefined) return undefined;
    const arn = (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn ?? '';
    const [, , , , account, queueName] = arn.split(':');
    if (!account || !queueName) return undefined;
    const output = await this.call('GetQueueUrl', () =>
      this.client.send(new GetQueueUrlCommand({ QueueName: queueName, QueueOwnerAWSAccountId: account })),
    );
    return output.QueueUrl;
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new AdapterError(NAME, 'UNAVAILABLE', `${what} failed: ${errorName(error)}`, { cause: error });
    }
  }
}
