import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SigV4Rejection, checkSigV4Shape } from './sigv4-shape.js';
import { SqsError, SqsQueue } from './sqs-standin-queue.js';
import {
  batch,
  invalid,
  names,
  noSuchQueue,
  parseQueueSettings,
  queueAttributes,
  text,
  whole,
} from './sqs-standin-input.js';
import type { Input } from './sqs-standin-input.js';
import { createStandinApp, listen, rawBody } from './standin-server.js';
import type { RunningStandin, SeenRequest } from './standin-server.js';

/** How the SQS stand-in checks requests and names its queues. */
export interface SqsStandinOptions {
  /** The region the SigV4 credential scope must name, also used in queue ARNs. Default `us-east-1`. */
  region?: string;
  /** The one access key id accepted in the SigV4 credential. Default `AKIDSTANDIN0000000000`. */
  accessKeyId?: string;
  /** Account id in queue URLs and ARNs. Default `000000000000`. */
  accountId?: string;
}

/** A running Amazon SQS stand-in (AWS JSON 1.0 protocol). */
export interface SqsStandin extends RunningStandin {
  readonly region: string;
  readonly accessKeyId: string;
  /** The operation (`SendMessage`, …) of every authenticated request, oldest first. */
  readonly operations: readonly string[];
}

type Operation = (input: Input, context: { now: number; closed: () => boolean }) => unknown;

const JSON_1_0 = 'application/x-amz-json-1.0';
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts an in-process stand-in for Amazon SQS on 127.0.0.1: `POST /` with
 * `X-Amz-Target: AmazonSQS.<Operation>`, JSON 1.0 bodies, SigV4 checked for shape, errors as HTTP 400
 * with `{"__type": "com.amazonaws.sqs#<Error>", "message"}` and `x-amzn-query-error`. Queues are
 * created over the wire with CreateQueue. See the package README for what it covers.
 */
export async function startSqsStandin(options: SqsStandinOptions = {}): Promise<SqsStandin> {
  const region = options.region ?? 'us-east-1';
  const accessKeyId = options.accessKeyId ?? 'AKIDSTANDIN0000000000';
  const accountId = options.accountId ?? '000000000000';
  const queues = new Map<string, SqsQueue>();
  const requests: SeenRequest[] = [];
  const operationsSeen: string[] = [];
  let baseUrl = '';

  const queueOf = (input: Input): SqsQueue => {
    const url = text(input, 'QueueUrl', true);
    const name = url.split('?')[0]?.split('/').filter(Boolean).at(-1) ?? '';
    const queue = url.includes(`/${accountId}/`) ? queues.get(name) : undefined;
    if (!queue) throw noSuchQueue();
    return queue;
  };
  const byArn = (arn: string): SqsQueue | undefined => [...queues.values()].find((q) => q.arn === arn);

  const sendTo = (queue: SqsQueue, entry: Input, now: number): Input => {
    if (typeof entry.MessageBody !== 'string')
      throw new SqsError('MissingParameter', 'The request must contain the parameter MessageBody.');
    const sent = queue.send(
      entry.MessageBody,
      {
        delaySeconds: whole(entry.DelaySeconds, 'DelaySeconds', 0, 900),
        groupId: text(entry, 'MessageGroupId'),
        dedupeId: text(entry, 'MessageDeduplicationId'),
      },
      now,
    );
    return {
      MessageId: sent.messageId,
      MD5OfMessageBody: sent.md5,
      ...(sent.sequenceNumber ? { SequenceNumber: sent.sequenceNumber } : {}),
    };
  };

  const operations: Record<string, Operation> = {
    CreateQueue(input, { now }) {
      const name = text(input, 'QueueName', true);
      if (!QUEUE_NAME.test(name.replace(/\.fifo$/, '')))
        throw invalid(`Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length`);
      const attributes = (input.Attributes ?? {}) as Input;
      const settings = parseQueueSettings(name, attributes, byArn);
      const existing = queues.get(name);
      if (existing) {
        if (JSON.stringify(existing.settings) !== JSON.stringify(settings)) {
          throw new SqsError(
            'QueueNameExists',
            'A queue already exists with the same name and a different value for attribute(s).',
            'QueueAlreadyExists',
          );
        }
        return { QueueUrl: existing.url };
      }
      const queue = new SqsQueue(
        name,
        `arn:aws:sqs:${region}:${accountId}:${name}`,
        `${baseUrl}/${accountId}/${name}`,
        settings,
        now,
      );
      queues.set(name, queue);
      return { QueueUrl: queue.url };
    },
    GetQueueUrl(input) {
      const queue = queues.get(text(input, 'QueueName', true));
      const owner = text(input, 'QueueOwnerAWSAccountId');
      if (!queue || (owner !== undefined && owner !== accountId)) throw noSuchQueue();
      return { QueueUrl: queue.url };
    },
    GetQueueAttributes: (input, { now }) => ({
      Attributes: queueAttributes(queueOf(input), names(input, 'AttributeNames'), now),
    }),
    SendMessage: (input, { now }) => sendTo(queueOf(input), input, now),
    SendMessageBatch(input, { now }) {
      const queue = queueOf(input);
      return batch(input, (entry) => sendTo(queue, entry, now));
    },
    async ReceiveMessage(input, { closed }) {
      const queue = queueOf(input);
      const max = whole(input.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, 10) ?? 1;
      const visibility =
        whole(input.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200) ?? queue.settings.visibilityTimeoutS;
      const waitS = whole(input.WaitTimeSeconds, 'WaitTimeSeconds', 0, 20) ?? queue.settings.receiveWaitTimeS;
      const wanted = [...names(input, 'AttributeNames'), ...names(input, 'MessageSystemAttributeNames')];
      const deadline = Date.now() + waitS * 1000;
      // Long polling: answer as soon as a message is visible, or empty once the wait is over.
      while (!queue.hasVisible(Date.now()) && Date.now() < deadline && !closed()) await sleep(20);
      if (closed()) return {};
      const now = Date.now();
      const received = queue.receive(max, visibility, now, (arn, message) =>
        byArn(arn)?.adoptDeadLetter(message, queue.arn, now),
      );
      if (received.length === 0) return {};
      return {
        Messages: received.map((m) => ({
          MessageId: m.messageId,
          ReceiptHandle: m.receiptHandle,
          MD5OfBody: m.md5,
          Body: m.body,
          ...(wanted.length === 0
            ? {}
            : {
                Attributes: Object.fromEntries(
                  Object.entries(m.attributes).filter(([k]) => wanted.includes('All') || wanted.includes(k)),
                ),
              }),
        })),
      };
    },
    DeleteMessage(input, { now }) {
      queueOf(input).delete(text(input, 'ReceiptHandle', true), now);
      return {};
    },
    DeleteMessageBatch(input, { now }) {
      const queue = queueOf(input);
      return batch(input, (entry) => (queue.delete(text(entry, 'ReceiptHandle', true), now), {}));
    },
    ChangeMessageVisibility(input, { now }) {
      const seconds = whole(input.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200);
      if (seconds === undefined)
        throw new SqsError('MissingParameter', 'The request must contain the parameter VisibilityTimeout.');
      queueOf(input).changeVisibility(text(input, 'ReceiptHandle', true), seconds, now);
      return {};
    },
    ChangeMessageVisibilityBatch(input, { now }) {
      const queue = queueOf(input);
      return batch(input, (entry) => {
        const seconds = whole(entry.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200) ?? 0;
        queue.changeVisibility(text(entry, 'ReceiptHandle', true), seconds, now);
        return {};
      });
    },
  };

  const app = createStandinApp();
  app.post('/', async (request: FastifyRequest, reply: FastifyReply) => {
    const seen: SeenRequest = { method: request.method, url: request.url, auth: 'missing' };
    requests.push(seen);
    let closed = false;
    reply.raw.once('close', () => (closed = true));
    reply.header('content-type', JSON_1_0).header('x-amzn-RequestId', randomUUID());
    try {
      try {
        checkSigV4Shape(request, { region, service: 'sqs', accessKeyId });
      } catch (error) {
        if (!(error instanceof SigV4Rejection)) throw error;
        if (request.headers.authorization !== undefined) seen.auth = 'rejected';
        reply.code(400);
        return { __type: `com.amazon.coral.service#${error.type}`, message: error.message };
      }
      seen.auth = 'accepted';
      const target = request.headers['x-amz-target'];
      const name =
        typeof target === 'string' && target.startsWith('AmazonSQS.')
          ? target.slice('AmazonSQS.'.length)
          : '';
      const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
      if (!operation) {
        reply.code(400);
        return {
          __type: 'com.amazon.coral.service#UnknownOperationException',
          message: 'stand-in: unsupported X-Amz-Target',
        };
      }
      operationsSeen.push(name);
      let input: unknown;
      try {
        input = JSON.parse(rawBody(request).toString('utf8') || '{}');
      } catch {
        input = undefined;
      }
      if (request.headers['content-type'] !== JSON_1_0 || typeof input !== 'object' || input === null) {
        throw new SqsError('InvalidParameterValue', `Expected a JSON object with Content-Type ${JSON_1_0}`);
      }
      return await operation(input as Input, { now: Date.now(), closed: () => closed });
    } catch (error) {
      if (!(error instanceof SqsError)) throw error;
      reply.code(400).header('x-amzn-query-error', `${error.queryCode};Sender`);
      return { __type: `com.amazonaws.sqs#${error.type}`, message: error.message };
    }
  });

  const running = await listen(app, 'http', requests);
  baseUrl = running.url;
  return { ...running, region, accessKeyId, operations: operationsSeen };
}
