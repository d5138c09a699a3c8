import { createHash } from 'node:crypto';
import { startSqsStandin } from '../src/index.js';
import type { SqsStandin } from '../src/index.js';
import { receivedWithin } from './long-poll.js';

let standin: SqsStandin;

beforeAll(async () => {
  standin = await startSqsStandin({ region: 'ap-south-1' });
});
afterAll(() => standin.stop());

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
let counter = 0;
const uniqueName = (label: string): string => `${label}-${(counter += 1)}-${Date.now()}`;

/** A SigV4-shaped Authorization header (the stand-in checks shape and scope, not the HMAC). */
function sigV4(overrides: { keyId?: string; service?: string } = {}): Record<string, string> {
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const scope = `${amzDate.slice(0, 8)}/ap-south-1/${overrides.service ?? 'sqs'}/aws4_request`;
  return {
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${overrides.keyId ?? standin.accessKeyId}/${scope}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${'b'.repeat(64)}`,
  };
}

type Body = Record<string, unknown> & { Messages?: Record<string, unknown>[] };

async function call(operation: string, body: unknown, headers: Record<string, string> = sigV4()) {
  const response = await fetch(`${standin.url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${operation}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    queryError: response.headers.get('x-amzn-query-error'),
    body: (await response.json()) as Body,
  };
}

async function createQueue(name: string, Attributes: Record<string, string> = {}): Promise<string> {
  const { status, body } = await call('CreateQueue', { QueueName: name, Attributes });
  expect(status).toBe(200);
  return String(body.QueueUrl);
}

const receive = async (QueueUrl: string, extra: Record<string, unknown> = {}) =>
  (
    await call('ReceiveMessage', {
      QueueUrl,
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['All'],
      ...extra,
    })
  ).body.Messages ?? [];

/** Long-polls `QueueUrl` until a receive answers with messages; fails after `ms` milliseconds. */
const receiveWithin = (QueueUrl: string, ms: number, extra: Record<string, unknown> = {}) =>
  receivedWithin(QueueUrl, ms, () => receive(QueueUrl, { WaitTimeSeconds: 5, ...extra }));

const attributes = async (QueueUrl: string): Promise<Record<string, string>> =>
  (await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] })).body.Attributes as Record<
    string,
    string
  >;

describe('SQS stand-in', () => {
  it('rejects requests without a SigV4 header, or with a malformed, foreign or mis-scoped one', async () => {
    const input = { QueueName: 'x' };
    expect((await call('GetQueueUrl', input, {})).body.__type).toMatch(/MissingAuthenticationToken/);
    expect(
      (await call('GetQueueUrl', input, { ...sigV4(), authorization: 'AWS4-HMAC-SHA256 x' })).body.__type,
    ).toMatch(/IncompleteSignature/);
    expect((await call('GetQueueUrl', input, sigV4({ keyId: 'AKIDOTHER' }))).body.__type).toMatch(
      /UnrecognizedClient/,
    );
    expect((await call('GetQueueUrl', input, sigV4({ service: 'sns' }))).body.__type).toMatch(
      /InvalidSignature/,
    );
    expect(standin.requests.slice(-4).map((r) => r.auth)).toEqual([
      'missing',
      'rejected',
      'rejected',
      'rejected',
    ]);
  });

  it('answers an unknown queue with the JSON error shape and the query-compatible header', async () => {
    const url = `${standin.url}/000000000000/absent`;
    expect(await call('SendMessage', { QueueUrl: url, MessageBody: 'x' })).toEqual({
      status: 400,
      queryError: 'AWS.SimpleQueueService.NonExistentQueue;Sender',
      body: { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: expect.any(String) },
    });
    expect((await call('GetQueueUrl', { QueueName: 'absent' })).body.__type).toBe(
      'com.amazonaws.sqs#QueueDoesNotExist',
    );
    expect((await call('PurgeQueue', { QueueUrl: url })).body.__type).toMatch(/UnknownOperation/);
  });

  it('creates queues idempotently and finds them by name', async () => {
    const name = uniqueName('create');
    const url = await createQueue(name, { VisibilityTimeout: '5' });
    expect(url).toBe(`${standin.url}/000000000000/${name}`);
    expect(await createQueue(name, { VisibilityTimeout: '5' })).toBe(url);
    expect(
      (await call('CreateQueue', { QueueName: name, Attributes: { VisibilityTimeout: '6' } })).body.__type,
    ).toBe('com.amazonaws.sqs#QueueNameExists');
    expect((await call('GetQueueUrl', { QueueName: name })).body.QueueUrl).toBe(url);
    expect(await attributes(url)).toMatchObject({
      QueueArn: `arn:aws:sqs:ap-south-1:000000000000:${name}`,
      VisibilityTimeout: '5',
    });
  });

  it('hides a received message for its visibility timeout, then redelivers it with a higher receive count', async () => {
    const url = await createQueue(uniqueName('visibility'));
    const sent = await call('SendMessage', { QueueUrl: url, MessageBody: 'héllo' });
    expect(sent.body).toEqual({ MessageId: expect.any(String), MD5OfMessageBody: md5('héllo') });
    const receivedAt = Date.now();
    const [first] = await receive(url, { VisibilityTimeout: 1 });
    expect(first).toMatchObject({ Body: 'héllo', MD5OfBody: md5('héllo'), MessageId: sent.body.MessageId });
    expect(first?.Attributes).toMatchObject({ ApproximateReceiveCount: '1' });
    // A long poll answers as soon as the message is visible again: not before its second is over.
    const [second] = await receiveWithin(url, 30_000, { VisibilityTimeout: 60 });
    expect(Date.now() - receivedAt).toBeGreaterThanOrEqual(1000);
    expect(second?.Attributes).toMatchObject({ ApproximateReceiveCount: '2' });
    // Hidden again, for a minute now: no receive gets it, and it counts as not visible.
    expect(await receive(url)).toEqual([]);
    expect(await attributes(url)).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
    });
    const stale = await call('DeleteMessage', { QueueUrl: url, ReceiptHandle: first?.ReceiptHandle });
    expect(stale).toMatchObject({ status: 400, body: { __type: 'com.amazonaws.sqs#InvalidParameterValue' } });
    expect((await call('DeleteMessage', { QueueUrl: url, ReceiptHandle: 'bogus' })).body.__type).toBe(
      'com.amazonaws.sqs#ReceiptHandleIsInvalid',
    );
    expect(
      (await call('DeleteMessage', { QueueUrl: url, ReceiptHandle: second?.ReceiptHandle })).status,
    ).toBe(200);
    expect(await attributes(url)).toMatchObject({ ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it('changes visibility of an in-flight message, and refuses it for one no longer in flight', async () => {
    const url = await createQueue(uniqueName('change'));
    await call('SendMessage', { QueueUrl: url, MessageBody: 'm' });
    const [message] = await receive(url, { VisibilityTimeout: 30 });
    const ReceiptHandle = message?.ReceiptHandle;
    expect(
      (await call('ChangeMessageVisibility', { QueueUrl: url, ReceiptHandle, VisibilityTimeout: 0 })).status,
    ).toBe(200);
    expect(
      (await call('ChangeMessageVisibility', { QueueUrl: url, ReceiptHandle, VisibilityTimeout: 5 })).body
        .__type,
    ).toBe('com.amazonaws.sqs#MessageNotInflight');
    const [again] = await receive(url, { VisibilityTimeout: 30 });
    const result = await call('ChangeMessageVisibilityBatch', {
      QueueUrl: url,
      Entries: [
        { Id: 'stale', ReceiptHandle, VisibilityTimeout: 0 },
        { Id: 'current', ReceiptHandle: again?.ReceiptHandle, VisibilityTimeout: 0 },
      ],
    });
    expect(result.body).toEqual({
      Successful: [{ Id: 'current' }],
      Failed: [
        { Id: 'stale', SenderFault: true, Code: 'InvalidParameterValue', Message: expect.any(String) },
      ],
    });
  });

  it('delays a message by DelaySeconds and counts it as delayed meanwhile', async () => {
    const url = await createQueue(uniqueName('delay'));
    const sentAt = Date.now();
    const batch = await call('SendMessageBatch', {
      QueueUrl: url,
      Entries: [
        { Id: 'now', MessageBody: 'now' },
        { Id: 'later', MessageBody: 'later', DelaySeconds: 5 },
      ],
    });
    expect((batch.body.Successful as unknown[]).length).toBe(2);
    // Five seconds of delay: room for a slow machine to make these checks before it ends.
    expect(await attributes(url)).toMatchObject({
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesDelayed: '1',
    });
    expect((await receive(url, { VisibilityTimeout: 60 })).map((m) => m.Body)).toEqual(['now']);
    // A long poll answers as soon as the delayed message is visible: not before its delay is over.
    const later = await receiveWithin(url, 30_000);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(5000);
    expect(later.map((m) => m.Body)).toEqual(['later']);
    expect(
      (await call('SendMessage', { QueueUrl: url, MessageBody: 'x', DelaySeconds: 901 })).body.__type,
    ).toBe('com.amazonaws.sqs#InvalidParameterValue');
  });

  it('long-polls: answers as soon as a message arrives, or empty after WaitTimeSeconds', async () => {
    const url = await createQueue(uniqueName('poll'));
    const started = Date.now();
    expect(await receive(url, { WaitTimeSeconds: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const polling = receive(url, { WaitTimeSeconds: 20 });
    await sleep(100);
    await call('SendMessage', { QueueUrl: url, MessageBody: 'arrived' });
    expect((await polling).map((m) => m.Body)).toEqual(['arrived']);
  });

  it('moves a message received maxReceiveCount times to the dead-letter queue of its redrive policy', async () => {
    const dlq = await createQueue(uniqueName('dlq'));
    const dlqArn = (await attributes(dlq)).QueueArn;
    const RedrivePolicy = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 });
    const url = await createQueue(uniqueName('source'), { RedrivePolicy });
    await call('SendMessage', { QueueUrl: url, MessageBody: 'poison' });
    expect(await receive(url, { VisibilityTimeout: 0 })).toHaveLength(1);
    expect(await receive(url, { VisibilityTimeout: 0 })).toHaveLength(1);
    expect(await receive(url, { VisibilityTimeout: 0 })).toEqual([]);
    const [moved] = await receive(dlq);
    expect(moved).toMatchObject({
      Body: 'poison',
      Attributes: { DeadLetterQueueSourceArn: expect.any(String) },
    });
    const missing = await call('CreateQueue', {
      QueueName: uniqueName('orphan'),
      Attributes: {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:x:0:nope', maxReceiveCount: 1 }),
      },
    });
    expect(missing.body.__type).toBe('com.amazonaws.sqs#InvalidParameterValue');
  });

  it('deduplicates a FIFO queue by MessageDeduplicationId and holds a message group while one is in flight', async () => {
    const url = await createQueue(`${uniqueName('jobs')}.fifo`, { FifoQueue: 'true' });
    const first = await call('SendMessage', {
      QueueUrl: url,
      MessageBody: 'a1',
      MessageGroupId: 'a',
      MessageDeduplicationId: 'job-1',
    });
    expect(first.body.SequenceNumber).toMatch(/^\d{20}$/);
    const again = await call('SendMessage', {
      QueueUrl: url,
      MessageBody: 'a1 again',
      MessageGroupId: 'a',
      MessageDeduplicationId: 'job-1',
    });
    expect(again.body.MessageId).toBe(first.body.MessageId);
    await call('SendMessage', {
      QueueUrl: url,
      MessageBody: 'a2',
      MessageGroupId: 'a',
      MessageDeduplicationId: 'job-2',
    });
    await call('SendMessage', {
      QueueUrl: url,
      MessageBody: 'b1',
      MessageGroupId: 'b',
      MessageDeduplicationId: 'job-3',
    });
    expect((await receive(url)).map((m) => m.Body)).toEqual(['a1', 'b1']);
    const delayed = await call('SendMessage', {
      QueueUrl: url,
      MessageBody: 'x',
      MessageGroupId: 'a',
      MessageDeduplicationId: 'job-4',
      DelaySeconds: 1,
    });
    expect(delayed.body.__type).toBe('com.amazonaws.sqs#InvalidParameterValue');
    expect(
      (await call('SendMessage', { QueueUrl: url, MessageBody: 'x', MessageDeduplicationId: 'y' })).body
        .__type,
    ).toBe('com.amazonaws.sqs#MissingParameter');
  });
});
