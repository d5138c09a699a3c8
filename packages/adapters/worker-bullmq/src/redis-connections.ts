import { Redis } from 'ioredis';

/** How long a producer command (or the first connect) may take before it fails. */
export const PRODUCER_TIMEOUT_MS = 5000;

/**
 * Shared by every connection: reconnect quickly after an outage (200 ms, 400 ms, … at most every
 * 2 s), and on disconnect destroy a socket that has not closed within 200 ms (ioredis waits 2 s).
 */
const common = {
  retryStrategy: (times: number): number => Math.min(times * 200, 2000),
  disconnectTimeout: 200,
};

/**
 * The connection every Queue (producer) shares. With no offline queue and no per-request retries, a
 * command fails at once while Redis is unreachable instead of waiting for it, and a command Redis
 * does not answer fails after PRODUCER_TIMEOUT_MS — so `enqueue` rejects and the outbox keeps the
 * job. It keeps reconnecting in the background.
 */
export function createProducerConnection(url: string, prefix: string, tlsCa: string | undefined): Redis {
  return new Redis(url, {
    ...tlsOption(tlsCa),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: PRODUCER_TIMEOUT_MS,
    connectTimeout: PRODUCER_TIMEOUT_MS,
    connectionName: `${prefix}:producer`,
    ...common,
  });
}

/**
 * The connection the Workers share for their commands; each Worker also duplicates it for its
 * blocking fetch. BullMQ's blocking commands need `maxRetriesPerRequest: null`, so workers wait out
 * an outage and resume on their own. It connects at once (not lazily): a lazy connection's first
 * connect fails for good while Redis is down, which would leave the workers idle forever.
 */
export function createConsumerConnection(url: string, prefix: string, tlsCa: string | undefined): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    connectionName: `${prefix}:worker`,
    ...tlsOption(tlsCa),
    ...common,
  });
}

/** TLS verified against `tlsCa` when given; otherwise whatever the URL says (`rediss://`: bundled CAs). */
function tlsOption(tlsCa: string | undefined): { tls?: { ca: string } } {
  return tlsCa === undefined ? {} : { tls: { ca: tlsCa } };
}

/**
 * Resolves once `client` is ready; rejects on its next connection error, when it ends, or when it is
 * not ready within `timeoutMs`.
 */
export function whenReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', done);
      client.off('end', onEnd);
      if (error) reject(error);
      else resolve();
    };
    const onReady = (): void => done();
    const onEnd = (): void => done(new Error('connection closed'));
    const timer = setTimeout(() => done(new Error(`not connected within ${timeoutMs} ms`)), timeoutMs);
    client.once('ready', onReady);
    client.once('error', done);
    client.once('end', onEnd);
  });
}
