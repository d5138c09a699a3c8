import { AdapterError } from '@bharatmart/core';
import type { QueueClient } from 'oci-queue';
import { formatJobMessage, parseJobMessage } from '@bharatmart/polling-queue';
import type { JobMessage, ReceivedMessage } from '@bharatmart/polling-queue';

/** The adapter's name, as configured (WORKER_MODE=oci-queue). */
export const NAME = 'oci-queue';
/** Most messages one PutMessages, GetMessages, UpdateMessages or DeleteMessages call takes. */
const BATCH = 20;

/** Approximate message counts of a channel (or the queue) and of its dead-letter queue. */
export interface ChannelStats {
  visible: number;
  inFlight: number;
  deadLettered: number;
}

// Duck-typed: OciError classes differ between the copies of oci-common the SDK packages bring.
const serviceCodeOf = (error: unknown): string =>
  typeof error === 'object' &&
  error !== null &&
  'serviceCode' in error &&
  typeof error.serviceCode === 'string'
    ? error.serviceCode
    : 'network error';

/**
 * The OCI Queue calls the worker makes on one queue, each failure turned into an AdapterError
 * `UNAVAILABLE` naming the operation and the service's error code (a client that cannot be created
 * keeps its own error, e.g. `MISCONFIGURED`). Jobs travel as JSON content in channels.
 */
export class OciQueueClient {
  constructor(
    private readonly client: () => Promise<QueueClient>,
    private readonly queueId: string,
  ) {}

  /** Publishes `jobs` to `channelId`, twenty per call. */
  async put(channelId: string, jobs: readonly JobMessage[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += BATCH) {
      const messages = jobs
        .slice(i, i + BATCH)
        .map((job) => ({ content: formatJobMessage(job), metadata: { channelId } }));
      await this.call('PutMessages', (client) =>
        client.putMessages({ queueId: this.queueId, putMessagesDetails: { messages } }),
      );
    }
  }

  /** Long-polls `channelId` for up to `limit` (1–20) messages, hiding them for `visibilityS`. */
  async get(
    channelId: string,
    options: { limit: number; visibilityS: number; waitS: number },
  ): Promise<ReceivedMessage[]> {
    const response = await this.call('GetMessages', (client) =>
      client.getMessages({
        queueId: this.queueId,
        channelFilter: channelId,
        limit: options.limit,
        visibilityInSeconds: options.visibilityS,
        timeoutInSeconds: options.waitS,
      }),
    );
    return response.getMessages.messages.map((message) => ({
      job: parseJobMessage(message.content),
      receipt: message.receipt,
      deliveryCount: message.deliveryCount,
    }));
  }

  /** Hides a received message for `seconds` from now; 0 makes it visible at once. */
  async update(receipt: string, seconds: number): Promise<void> {
    await this.call('UpdateMessage', (client) =>
      client.updateMessage({
        queueId: this.queueId,
        messageReceipt: receipt,
        updateMessageDetails: { visibilityInSeconds: seconds },
      }),
    );
  }

  /** Makes received messages visible again, twenty per call; entries that fail are left to time out. */
  async releaseAll(receipts: readonly string[]): Promise<void> {
    for (let i = 0; i < receipts.length; i += BATCH) {
      const entries = receipts.slice(i, i + BATCH).map((receipt) => ({ receipt, visibilityInSeconds: 0 }));
      await this.call('UpdateMessages', (client) =>
        client.updateMessages({ queueId: this.queueId, updateMessagesDetails: { entries } }),
      );
    }
  }

  /** Deletes a received message. */
  async delete(receipt: string): Promise<void> {
    await this.call('DeleteMessage', (client) =>
      client.deleteMessage({ queueId: this.queueId, messageReceipt: receipt }),
    );
  }

  /** Deletes received messages, twenty per call. */
  async deleteAll(receipts: readonly string[]): Promise<void> {
    for (let i = 0; i < receipts.length; i += BATCH) {
      const entries = receipts.slice(i, i + BATCH).map((receipt) => ({ receipt }));
      await this.call('DeleteMessages', (client) =>
        client.deleteMessages({ queueId: this.queueId, deleteMessagesDetails: { entries } }),
      );
    }
  }

  /** GetStats of `channelId`, or of the whole queue when omitted. */
  async stats(channelId?: string): Promise<ChannelStats> {
    const response = await this.call('GetStats', (client) =>
      client.getStats({ queueId: this.queueId, ...(channelId === undefined ? {} : { channelId }) }),
    );
    const { queue, dlq } = response.queueStats;
    return {
      visible: queue.visibleMessages,
      inFlight: queue.inFlightMessages,
      deadLettered: dlq.visibleMessages + dlq.inFlightMessages,
    };
  }

  private async call<T>(what: string, run: (client: QueueClient) => Promise<T>): Promise<T> {
    const client = await this.client();
    try {
      return await run(client);
    } catch (error) {
      throw new AdapterError(NAME, 'UNAVAILABLE', `${what} failed: ${serviceCodeOf(error)}`, {
        cause: error,
      });
    }
  }
}
