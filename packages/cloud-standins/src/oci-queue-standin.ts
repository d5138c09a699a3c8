import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OciServiceError, verifyOciRequestSignature } from './oci-request-signature.js';
import type { OciTrust } from './oci-request-signature.js';
import { OciQueue } from './oci-queue-standin-queue.js';
import type { OciQueueSettings } from './oci-queue-standin-queue.js';
import { createStandinApp, listen, rawBody } from './standin-server.js';
import type { RunningStandin, SeenRequest } from './standin-server.js';

/** Whom the OCI Queue stand-in lets in. */
export type OciQueueStandinOptions = OciTrust;

/** A running OCI Queue messages-endpoint stand-in (API version 20210201). */
export interface OciQueueStandin extends RunningStandin {
  /** Creates a queue (the admin API's CreateQueue, in process) and returns its OCID. */
  createQueue(settings?: OciQueueSettings): string;
}

type Query = Record<string, string | undefined>;

const PREFIX = '/20210201/queues/';
const MAX_BATCH = 20;
const MAX_CONTENT_BYTES = 128 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const invalid = (message: string): OciServiceError => new OciServiceError(400, 'InvalidParameter', message);

function whole(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && value !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw invalid(`${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

function jsonBody(request: FastifyRequest): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(rawBody(request).toString('utf8'));
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw invalid('The request body must be a JSON object');
}

function entries(body: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const list = body[key];
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_BATCH) {
    throw invalid(`${key} must hold 1 to ${MAX_BATCH} entries`);
  }
  return list as Record<string, unknown>[];
}

/** Runs `each` per entry of a batch and answers `{serverFailures, clientFailures, entries}`. */
function batch(list: Record<string, unknown>[], each: (entry: Record<string, unknown>) => object) {
  let clientFailures = 0;
  const results = list.map((entry) => {
    try {
      return each(entry);
    } catch (error) {
      if (!(error instanceof OciServiceError)) throw error;
      clientFailures += 1;
      return { errorCode: error.status, errorMessage: error.message };
    }
  });
  return { serverFailures: 0, clientFailures, entries: results };
}

/**
 * Starts an in-process stand-in for the OCI Queue messages endpoint on 127.0.0.1 (point the SDK's
 * `QueueClient.endpoint` at `url`): PutMessages, GetMessages (long polling, channel filter),
 * UpdateMessage(s), DeleteMessage(s) and GetStats under `/20210201/queues/{queueId}/…`, every
 * request signature verified, errors as `{"code", "message"}`. See the package README for coverage.
 */
export async function startOciQueueStandin(options: OciQueueStandinOptions): Promise<OciQueueStandin> {
  const queues = new Map<string, OciQueue>();
  const requests: SeenRequest[] = [];
  let lastMessageId = 0;

  const route = async (request: FastifyRequest, closed: () => boolean): Promise<object> => {
    const [path = '', search = ''] = request.url.split('?');
    const query = Object.fromEntries(new URLSearchParams(search)) as Query;
    const [queueId = '', ...rest] = path.startsWith(PREFIX) ? path.slice(PREFIX.length).split('/') : [];
    const queue = queues.get(decodeURIComponent(queueId));
    if (!queue)
      throw new OciServiceError(404, 'NotAuthorizedOrNotFound', 'Queue not found or not authorized.');
    const now = Date.now();
    const byReceipt = rest.length === 2 && rest[0] === 'messages';
    const operation = `${request.method} ${byReceipt ? 'messages/{receipt}' : rest.join('/')}`;
    const receipt = decodeURIComponent(rest[1] ?? '');
    switch (operation) {
      case 'POST messages': {
        const list = entries(jsonBody(request), 'messages');
        for (const entry of list) {
          const content = entry.content;
          if (
            typeof content !== 'string' ||
            content === '' ||
            Buffer.byteLength(content) > MAX_CONTENT_BYTES
          ) {
            throw invalid('content must be a string of 1 byte to 128 KiB');
          }
        }
        return {
          messages: list.map((entry) =>
            queue.put(String(entry.content), entry.metadata as Parameters<OciQueue['put']>[1], now),
          ),
        };
      }
      case 'GET messages': {
        const limit = whole(query.limit, 'limit', 1, MAX_BATCH) ?? 1;
        const visibility =
          whole(query.visibilityInSeconds, 'visibilityInSeconds', 0, 43_200) ?? queue.visibilityInSeconds;
        const timeout = whole(query.timeoutInSeconds, 'timeoutInSeconds', 0, 30) ?? queue.timeoutInSeconds;
        const channel = query.channelFilter || undefined;
        const deadline = Date.now() + timeout * 1000;
        // Long polling: answer as soon as a message is visible, or empty once the wait is over.
        while (!queue.hasVisible(channel, Date.now()) && Date.now() < deadline && !closed()) await sleep(20);
        return { messages: closed() ? [] : queue.get(limit, visibility, channel, Date.now()) };
      }
      case 'DELETE messages/{receipt}':
        queue.delete(receipt, now);
        return {};
      case 'PUT messages/{receipt}': {
        const visibility = whole(jsonBody(request).visibilityInSeconds, 'visibilityInSeconds', 0, 43_200);
        if (visibility === undefined) throw invalid('visibilityInSeconds is required');
        return queue.update(receipt, visibility, now);
      }
      case 'POST messages/actions/deleteMessages':
        return batch(entries(jsonBody(request), 'entries'), (entry) => {
          queue.delete(String(entry.receipt), now);
          return {};
        });
      case 'POST messages/actions/updateMessages':
        return batch(entries(jsonBody(request), 'entries'), (entry) => {
          const visibility = whole(entry.visibilityInSeconds, 'visibilityInSeconds', 0, 43_200) ?? 0;
          return queue.update(String(entry.receipt), visibility, now);
        });
      case 'GET stats': {
        const channelId = query.channelId || undefined;
        return { ...queue.stats(channelId, now), ...(channelId ? { channelId } : {}) };
      }
      default:
        throw new OciServiceError(
          404,
          'NotAuthorizedOrNotFound',
          `stand-in: no route ${request.method} ${path}`,
        );
    }
  };

  const app = createStandinApp();
  app.all('/*', async (request: FastifyRequest, reply: FastifyReply) => {
    const seen: SeenRequest = { method: request.method, url: request.url, auth: 'missing' };
    requests.push(seen);
    let closed = false;
    reply.raw.once('close', () => (closed = true));
    reply.header('opc-request-id', randomUUID().replaceAll('-', '').toUpperCase());
    try {
      if (request.headers.authorization !== undefined) seen.auth = 'rejected';
      seen.principal = verifyOciRequestSignature(request, options);
      seen.auth = 'accepted';
      return await route(request, () => closed);
    } catch (error) {
      if (!(error instanceof OciServiceError)) throw error;
      reply.code(error.status);
      return { code: error.code, message: error.message };
    }
  });

  const running = await listen(app, 'http', requests);
  return {
    ...running,
    createQueue(settings = {}) {
      const id = `ocid1.queue.oc1.ap-mumbai-1.standin${randomUUID().replaceAll('-', '')}`;
      queues.set(id, new OciQueue(id, settings, () => (lastMessageId += 1)));
      return id;
    },
  };
}
