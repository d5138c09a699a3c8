import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSqsStandin } from '@bharatmart/cloud-standins';
import type { SqsStandin } from '@bharatmart/cloud-standins';
import type { SqsWorkerOptions } from '../src/index.js';

const REGION = 'ap-south-1';
const credentials = { accessKeyId: 'AKIDSTANDIN0000000000', secretAccessKey: 'standin-secret' };

/** A running SQS stand-in and a real SDK client pointed at it, to create queues and look into them. */
export interface SqsTestBed {
  standin: SqsStandin;
  client: SQSClient;
  /**
   * Creates a fresh queue and its dead-letter queue (standard, or FIFO with `fifo`). With
   * `maxReceiveCount` the queue gets a RedrivePolicy naming the dead-letter queue, which the adapter
   * then finds by itself; without, the adapter options name it.
   */
  queues(options?: {
    fifo?: boolean;
    maxReceiveCount?: number;
  }): Promise<{ queueUrl: string; deadLetterQueueUrl: string }>;
  /** Adapter options for `queueUrl` on the stand-in, plus `extra`. */
  options(queueUrl: string, extra?: Partial<SqsWorkerOptions>): SqsWorkerOptions;
  /** ApproximateNumberOfMessages (+ NotVisible, Delayed) of a queue, as numbers. */
  depth(queueUrl: string): Promise<{ visible: number; inFlight: number; delayed: number }>;
  stop(): Promise<void>;
}

/** Starts the stand-in; call `stop()` after the suite. */
export async function startSqsTestBed(): Promise<SqsTestBed> {
  const standin = await startSqsStandin({ region: REGION, accessKeyId: credentials.accessKeyId });
  const client = new SQSClient({ region: REGION, endpoint: standin.url, credentials });
  const create = async (name: string, Attributes: Record<string, string>): Promise<string> =>
    (await client.send(new CreateQueueCommand({ QueueName: name, Attributes }))).QueueUrl ?? '';
  return {
    standin,
    client,
    async queues({ fifo = false, maxReceiveCount } = {}) {
      const base = `jobs-${randomUUID().slice(0, 8)}`;
      const suffix = fifo ? '.fifo' : '';
      const fifoAttributes: Record<string, string> = fifo ? { FifoQueue: 'true' } : {};
      const deadLetterQueueUrl = await create(`${base}-dlq${suffix}`, fifoAttributes);
      const arn = (
        await client.send(
          new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
        )
      ).Attributes?.QueueArn;
      const redrive: Record<string, string> =
        maxReceiveCount === undefined
          ? {}
          : { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount }) };
      const queueUrl = await create(`${base}${suffix}`, { ...fifoAttributes, ...redrive });
      return { queueUrl, deadLetterQueueUrl };
    },
    options: (queueUrl, extra = {}) => ({
      queueUrl,
      region: REGION,
      endpoint: standin.url,
      credentials,
      ...extra,
    }),
    async depth(queueUrl) {
      const attributes =
        (
          await client.send(
            new GetQueueAttributesCommand({
              QueueUrl: queueUrl,
              AttributeNames: [
                'ApproximateNumberOfMessages',
                'ApproximateNumberOfMessagesNotVisible',
                'ApproximateNumberOfMessagesDelayed',
              ],
            }),
          )
        ).Attributes ?? {};
      return {
        visible: Number(attributes.ApproximateNumberOfMessages),
        inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible),
        delayed: Number(attributes.ApproximateNumberOfMessagesDelayed),
      };
    },
    async stop() {
      client.destroy();
      await standin.stop();
    },
  };
}
