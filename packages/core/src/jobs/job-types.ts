/** Every job the system runs, with the payload it carries. Payloads are plain JSON. */
export interface JobPayloads {
  'email.welcome': { userId: string };
  'email.order-confirmation': { orderId: string };
  'email.shipping': { orderId: string };
  'email.low-stock': { productId: string };
  'order.inventory': { orderId: string };
  'order.invoice': { orderId: string };
  'payment.charge': { orderId: string };
  'payment.refund': { orderId: string };
  'payment.verify': { orderId: string };
  /** Scheduled: cancels orders left unpaid past the payment timeout. `scheduledAt` names the slot. */
  'order.expire-unpaid': { scheduledAt: string };
  /** Scheduled: writes a `payment.verify` job for every order whose payment is overdue. */
  'payment.verify-sweep': { scheduledAt: string };
  /** Scheduled: deletes relayed outbox entries and order idempotency keys past their retention. */
  'order.prune-records': { scheduledAt: string };
}

export type JobName = keyof JobPayloads;

/**
 * The W3C trace context (`traceparent`, optionally `tracestate`) of the change that wrote a job.
 * When tracing is on, the telemetry layer adds it to the payload as the optional field `trace` as the
 * job is written to the outbox; it travels with the payload through the queue, so the job's span
 * continues the trace of the request. Handlers ignore it.
 */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** Jobs are grouped into queues by family: the part of the name before the dot. */
export type QueueName = 'email' | 'order' | 'payment';

export const JOB_NAMES = [
  'email.welcome',
  'email.order-confirmation',
  'email.shipping',
  'email.low-stock',
  'order.inventory',
  'order.invoice',
  'payment.charge',
  'payment.refund',
  'payment.verify',
  'order.expire-unpaid',
  'payment.verify-sweep',
  'order.prune-records',
] as const satisfies readonly JobName[];

export const QUEUE_NAMES = ['email', 'order', 'payment'] as const satisfies readonly QueueName[];

/** The queue a job belongs to. */
export function queueOf(job: JobName): QueueName {
  return job.slice(0, job.indexOf('.')) as QueueName;
}

/**
 * A job to enqueue once the transaction that produced it commits. `key` is its idempotency key:
 * the same key enqueued twice runs once.
 */
export interface PendingJob<N extends JobName = JobName> {
  name: N;
  payload: JobPayloads[N];
  key: string;
  /** Run no earlier than this many milliseconds after enqueueing. */
  delayMs?: number;
}

/**
 * Builds a PendingJob keyed `<name>@<subject>`. The subject may not contain a colon (queue backends
 * such as BullMQ reserve it for their own keys): a RangeError says so at once, rather than the job
 * being refused later by the queue.
 */
export function pendingJob<N extends JobName>(
  name: N,
  payload: JobPayloads[N],
  subject: string,
  delayMs?: number,
): PendingJob<N> {
  if (subject.includes(':')) throw new RangeError(`job subject must not contain ':' (got ${subject})`);
  const key = `${name}@${subject}`;
  return delayMs === undefined ? { name, payload, key } : { name, payload, key, delayMs };
}
