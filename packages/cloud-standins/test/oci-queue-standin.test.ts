import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { startOciQueueStandin } from '../src/index.js';
import type { OciQueueStandin } from '../src/index.js';
import { receivedWithin } from './long-poll.js';

const KEY_ID = 'ocid1.tenancy.oc1..t/ocid1.user.oc1..u/aa:bb';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
let standin: OciQueueStandin;

beforeAll(async () => {
  standin = await startOciQueueStandin({
    apiKeys: { [KEY_ID]: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  });
});
afterAll(() => standin.stop());

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
interface SendOptions {
  key?: typeof keys.privateKey;
  headers?: string[];
  tamperedBody?: string;
}
type Json = Record<string, unknown> & { messages?: Record<string, unknown>[] };

/** Sends a request signed the way OCI's SDKs sign (draft-cavage HTTP signatures, version 1). */
async function send(method: Method, path: string, body?: unknown, options: SendOptions | 'unsigned' = {}) {
  const url = new URL(path, standin.url);
  const text = body === undefined ? '' : JSON.stringify(body);
  const withBody = method === 'POST' || method === 'PUT';
  const headers: Record<string, string> = {
    'x-date': new Date().toUTCString(),
    host: url.host,
    ...(withBody
      ? {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(text)),
          'x-content-sha256': createHash('sha256').update(text).digest('base64'),
        }
      : {}),
  };
  if (options !== 'unsigned') {
    const names = options.headers ?? [
      'x-date',
      '(request-target)',
      'host',
      ...(withBody ? ['content-type', 'content-length', 'x-content-sha256'] : []),
    ];
    const target = `${method.toLowerCase()} ${url.pathname}${url.search}`;
    const signingString = names
      .map((h) => `${h}: ${h === '(request-target)' ? target : headers[h]}`)
      .join('\n');
    const signature = sign('sha256', Buffer.from(signingString), options.key ?? keys.privateKey);
    headers.authorization = `Signature version="1",keyId="${KEY_ID}",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signature.toString('base64')}"`;
  }
  const sent = options !== 'unsigned' && options.tamperedBody !== undefined ? options.tamperedBody : text;
  if (sent !== text) headers['content-length'] = String(Buffer.byteLength(sent));
  const response = await fetch(url, { method, headers, ...(withBody ? { body: sent } : {}) });
  return { status: response.status, body: (await response.json()) as Json };
}

const messages = (queue: string) => `/20210201/queues/${queue}/messages`;
const put = (queue: string, ...items: { content: string; channelId?: string }[]) =>
  send('POST', messages(queue), {
    messages: items.map(({ content, channelId }) => ({
      content,
      ...(channelId ? { metadata: { channelId } } : {}),
    })),
  });
const get = async (queue: string, query: string) =>
  (await send('GET', `${messages(queue)}?${query}`)).body.messages ?? [];
/** Long-polls `queue` with `query` until a get answers with messages; fails after `ms` milliseconds. */
const getWithin = (queue: string, ms: number, query: string) =>
  receivedWithin(queue, ms, () => get(queue, `timeoutInSeconds=5&${query}`));
const stats = async (queue: string, channelId?: string) =>
  (await send('GET', `/20210201/queues/${queue}/stats${channelId ? `?channelId=${channelId}` : ''}`)).body;

describe('OCI Queue stand-in', () => {
  it('rejects unsigned, wrongly keyed, incompletely signed and tampered requests with 401', async () => {
    const queue = standin.createQueue();
    const attempts = [
      await send('GET', messages(queue), undefined, 'unsigned'),
      await send('GET', messages(queue), undefined, { key: otherKeys.privateKey }),
      await send(
        'POST',
        messages(queue),
        { messages: [{ content: 'x' }] },
        { headers: ['x-date', '(request-target)', 'host'] },
      ),
      await send(
        'POST',
        messages(queue),
        { messages: [{ content: 'x' }] },
        { tamperedBody: '{"messages":[{"content":"y"}]}' },
      ),
    ];
    for (const { status, body } of attempts) {
      expect(status).toBe(401);
      expect(body).toEqual({ code: 'NotAuthenticated', message: expect.any(String) });
    }
    expect(standin.requests.slice(-4).map((r) => r.auth)).toEqual([
      'missing',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect((await stats(queue)).queue).toMatchObject({ visibleMessages: 0 });
  });

  it('answers 404 NotAuthorizedOrNotFound for an unknown queue and 400 for invalid parameters', async () => {
    expect(await send('GET', messages('ocid1.queue.oc1..absent'))).toEqual({
      status: 404,
      body: { code: 'NotAuthorizedOrNotFound', message: expect.any(String) },
    });
    const queue = standin.createQueue();
    expect((await send('GET', `${messages(queue)}?limit=21`)).body.code).toBe('InvalidParameter');
    expect((await send('POST', messages(queue), { messages: [] })).status).toBe(400);
  });

  it('delivers by channel, hides a delivery for its visibility and redelivers it with a higher count', async () => {
    const queue = standin.createQueue();
    const putResult = await put(
      queue,
      { content: 'a', channelId: 'alpha' },
      { content: 'b', channelId: 'beta' },
    );
    expect(putResult.body.messages).toEqual([
      { id: expect.any(Number), expireAfter: expect.any(String) },
      { id: expect.any(Number), expireAfter: expect.any(String) },
    ]);
    const receivedAt = Date.now();
    const [first, ...others] = await get(
      queue,
      'limit=10&timeoutInSeconds=0&visibilityInSeconds=1&channelFilter=beta',
    );
    expect(others).toEqual([]);
    expect(first).toMatchObject({ content: 'b', deliveryCount: 1, metadata: { channelId: 'beta' } });
    // A long poll answers as soon as the message is visible again: not before its second is over.
    const [second] = await getWithin(queue, 30_000, 'limit=1&visibilityInSeconds=60&channelFilter=beta');
    expect(Date.now() - receivedAt).toBeGreaterThanOrEqual(1000);
    expect(second).toMatchObject({ content: 'b', deliveryCount: 2 });
    // In flight again, for a minute now: so counted in its channel and in the queue ('a' is visible).
    expect(await stats(queue, 'beta')).toMatchObject({
      channelId: 'beta',
      queue: { visibleMessages: 0, inFlightMessages: 1 },
    });
    expect((await stats(queue)).queue).toMatchObject({ visibleMessages: 1, inFlightMessages: 1 });
    const stale = await send('DELETE', `${messages(queue)}/${String(first?.receipt)}`);
    expect(stale).toMatchObject({ status: 404, body: { code: 'NotAuthorizedOrNotFound' } });
    expect((await send('DELETE', `${messages(queue)}/${String(second?.receipt)}`)).status).toBe(200);
    expect((await stats(queue, 'beta')).queue).toMatchObject({ visibleMessages: 0, inFlightMessages: 0 });
  });

  it('updates the visibility of in-flight messages, one or in a batch, and reports failures per entry', async () => {
    const queue = standin.createQueue();
    await put(queue, { content: 'one' }, { content: 'two' });
    const [one, two] = await get(queue, 'limit=2&timeoutInSeconds=0&visibilityInSeconds=60');
    const updated = await send('PUT', `${messages(queue)}/${String(one?.receipt)}`, {
      visibilityInSeconds: 0,
    });
    expect(updated).toMatchObject({ status: 200, body: { id: one?.id, visibleAfter: expect.any(String) } });
    const result = await send('POST', `${messages(queue)}/actions/updateMessages`, {
      entries: [
        { receipt: one?.receipt, visibilityInSeconds: 5 },
        { receipt: two?.receipt, visibilityInSeconds: 0 },
      ],
    });
    expect(result.body).toEqual({
      serverFailures: 0,
      clientFailures: 1,
      entries: [
        { errorCode: 404, errorMessage: expect.any(String) },
        { id: two?.id, visibleAfter: expect.any(String) },
      ],
    });
    const again = await get(queue, 'limit=2&timeoutInSeconds=0');
    const deleted = await send('POST', `${messages(queue)}/actions/deleteMessages`, {
      entries: again.map((m) => ({ receipt: m.receipt })),
    });
    expect(deleted.body).toEqual({ serverFailures: 0, clientFailures: 0, entries: [{}, {}] });
  });

  it('long-polls: answers as soon as a message arrives, or empty after timeoutInSeconds', async () => {
    const queue = standin.createQueue();
    const started = Date.now();
    expect(await get(queue, 'limit=1&timeoutInSeconds=1')).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const polling = get(queue, 'limit=1&timeoutInSeconds=20&channelFilter=c');
    await sleep(100);
    await put(queue, { content: 'elsewhere', channelId: 'd' }, { content: 'here', channelId: 'c' });
    expect((await polling).map((m) => m.content)).toEqual(['here']);
  });

  it('moves a message delivered maxDeliveryAttempts times to the dead-letter queue of its channel', async () => {
    const queue = standin.createQueue({ maxDeliveryAttempts: 2 });
    await put(queue, { content: 'poison', channelId: 'p' });
    for (let i = 0; i < 2; i += 1)
      expect(await get(queue, 'limit=1&timeoutInSeconds=0&visibilityInSeconds=0')).toHaveLength(1);
    expect(await get(queue, 'limit=1&timeoutInSeconds=0')).toEqual([]);
    expect(await stats(queue, 'p')).toMatchObject({
      queue: { visibleMessages: 0, inFlightMessages: 0 },
      dlq: { visibleMessages: 1, sizeInBytes: 6 },
    });
  });
});
