import type { IWorkerAdapter, Logger } from '@bharatmart/core';
import { waitUntil } from '@bharatmart/testkit';
import { resolvePollingQueueOptions } from '../src/options.js';
import { createPollingQueueWorker } from '../src/polling-queue-worker.js';
import { MemoryBackend } from './memory-backend.js';

let worker: IWorkerAdapter | undefined;
afterEach(async () => {
  await worker?.close();
  worker = undefined;
});

/** A worker on a fresh memory queue (visibility 60 s, long polls of 1 s) and what it logged. */
function open(): { backend: MemoryBackend; worker: IWorkerAdapter; warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger = {
    info: () => undefined,
    warn: (_obj, msg) => void warnings.push(msg ?? ''),
    error: () => undefined,
    debug: () => undefined,
    child: () => logger,
  };
  const backend = new MemoryBackend();
  const options = resolvePollingQueueOptions(
    { visibilityTimeoutSeconds: 60, waitTimeSeconds: 1, logger },
    20,
  );
  worker = createPollingQueueWorker(backend, options);
  return { backend, worker, warnings };
}

describe('the polling-queue consumer', () => {
  it('on stop() gives back the jobs it held, running or not, and aborts the running handler', async () => {
    const { backend, worker } = open();
    const signals: AbortSignal[] = [];
    worker.process(
      'email.welcome',
      (job) =>
        new Promise<void>((resolve) => {
          signals.push(job.signal);
          job.signal.addEventListener('abort', () => resolve());
        }),
    );
    await worker.enqueue('email.welcome', { userId: 'u-1' });
    await worker.enqueue('email.welcome', { userId: 'u-2' });
    await worker.start();
    await waitUntil('a job is running', 5000, async () => signals.length === 1);
    await worker.stop({ timeoutMs: 0 });
    expect(signals.map((signal) => signal.aborted)).toEqual([true]);
    expect(backend.depth()).toEqual({ visible: 2, held: 0 });
  });

  it('leaves a message that is not a job hidden for the visibility timeout, and warns', async () => {
    const { backend, worker, warnings } = open();
    worker.process('email.welcome', async () => undefined);
    backend.sendBody('not a job');
    await worker.start();
    await waitUntil('the message was received', 5000, async () => warnings.length === 1);
    expect(warnings).toEqual(['received a message without a handler here']);
    expect(backend.depth()).toEqual({ visible: 0, held: 1 });
  });

  it('runs a job of a name registered after start()', async () => {
    const { worker } = open();
    await worker.start();
    await worker.enqueue('order.invoice', { orderId: 'o-1' });
    const ran: string[] = [];
    worker.process('order.invoice', async (job) => void ran.push(job.payload.orderId));
    await waitUntil('the job ran', 5000, async () => ran.length === 1);
    expect(ran).toEqual(['o-1']);
  });
});
