import { SqsError } from './sqs-standin-queue.js';
import type { SqsQueue, SqsQueueSettings } from './sqs-standin-queue.js';

/** A JSON 1.0 request body (or one batch entry) as parsed. */
export type Input = Record<string, unknown>;

const QUEUE_ATTRIBUTES = [
  'VisibilityTimeout',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'MessageRetentionPeriod',
  'MaximumMessageSize',
];

/** `InvalidParameterValue` with `message`. */
export const invalid = (message: string): SqsError => new SqsError('InvalidParameterValue', message);

/** `QueueDoesNotExist`, as every operation naming an unknown queue answers. */
export const noSuchQueue = (): SqsError =>
  new SqsError(
    'QueueDoesNotExist',
    'The specified queue does not exist.',
    'AWS.SimpleQueueService.NonExistentQueue',
  );

/** The non-empty string member `name` of `input`; `MissingParameter` when required and absent. */
export function text(input: Input, name: string, required: true): string;
export function text(input: Input, name: string, required?: false): string | undefined;
export function text(input: Input, name: string, required = false): string | undefined {
  const value = input[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new SqsError('MissingParameter', `The request must contain the parameter ${name}.`);
  }
  return value;
}

/** A whole number from `min` to `max` (JSON number or numeric string), or undefined when absent. */
export function whole(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw invalid(
      `Value ${String(value)} for parameter ${name} is invalid. Reason: must be between ${min} and ${max}.`,
    );
  }
  return n;
}

/** The string list member `name` of `input` (empty when absent). */
export function names(input: Input, name: string): string[] {
  const value = input[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Runs `each` per batch entry (1–10, distinct ids) and answers `Successful` and `Failed` lists. */
export function batch(input: Input, each: (entry: Input) => Input): Input {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new SqsError(
      'EmptyBatchRequest',
      'There should be at least one entry in the request.',
      'AWS.SimpleQueueService.EmptyBatchRequest',
    );
  }
  if (entries.length > 10) {
    throw new SqsError(
      'TooManyEntriesInBatchRequest',
      'Maximum number of entries per request are 10.',
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    );
  }
  const ids = entries.map((entry: Input) => entry.Id);
  if (new Set(ids).size !== ids.length) {
    throw new SqsError(
      'BatchEntryIdsNotDistinct',
      'Two or more batch entries have the same Id.',
      'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    );
  }
  const Successful: Input[] = [];
  const Failed: Input[] = [];
  for (const entry of entries as Input[]) {
    try {
      Successful.push({ Id: entry.Id, ...each(entry) });
    } catch (error) {
      if (!(error instanceof SqsError)) throw error;
      Failed.push({ Id: entry.Id, SenderFault: true, Code: error.queryCode, Message: error.message });
    }
  }
  return { Successful, Failed };
}

/**
 * The settings CreateQueue's `Attributes` ask for. A RedrivePolicy must name an existing queue of the
 * same type; MessageRetentionPeriod and MaximumMessageSize are accepted but not enforced.
 */
export function parseQueueSettings(
  name: string,
  attributes: Input,
  byArn: (arn: string) => SqsQueue | undefined,
): SqsQueueSettings {
  for (const key of Object.keys(attributes)) {
    if (!QUEUE_ATTRIBUTES.includes(key))
      throw new SqsError('InvalidAttributeName', `Unknown Attribute ${key}.`);
  }
  const fifo = attributes.FifoQueue === 'true';
  if (fifo !== name.endsWith('.fifo')) {
    throw invalid('A FIFO queue needs FifoQueue=true and a name ending in .fifo, and only a FIFO queue may.');
  }
  let redrive: SqsQueueSettings['redrive'];
  if (typeof attributes.RedrivePolicy === 'string') {
    let policy: { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown } = {};
    try {
      policy = JSON.parse(attributes.RedrivePolicy) as typeof policy;
    } catch {
      throw invalid('Value for parameter RedrivePolicy is invalid. Reason: not JSON.');
    }
    const target =
      typeof policy.deadLetterTargetArn === 'string' ? byArn(policy.deadLetterTargetArn) : undefined;
    if (!target || target.settings.fifo !== fifo) {
      throw invalid(
        'Value for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist or is of another queue type.',
      );
    }
    const maxReceiveCount = whole(policy.maxReceiveCount, 'maxReceiveCount', 1, 1000);
    if (maxReceiveCount === undefined) throw invalid('RedrivePolicy needs maxReceiveCount.');
    redrive = { deadLetterTargetArn: target.arn, maxReceiveCount };
  }
  return {
    fifo,
    contentBasedDeduplication: attributes.ContentBasedDeduplication === 'true',
    visibilityTimeoutS: whole(attributes.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200) ?? 30,
    delaySeconds: whole(attributes.DelaySeconds, 'DelaySeconds', 0, 900) ?? 0,
    receiveWaitTimeS:
      whole(attributes.ReceiveMessageWaitTimeSeconds, 'ReceiveMessageWaitTimeSeconds', 0, 20) ?? 0,
    ...(redrive ? { redrive } : {}),
  };
}

/** GetQueueAttributes' answer for `wanted` (`All` for every one), values as strings. */
export function queueAttributes(queue: SqsQueue, wanted: string[], now: number): Record<string, string> {
  const { visible, notVisible, delayed } = queue.counts(now);
  const { settings } = queue;
  const all: Record<string, string> = {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(visible),
    ApproximateNumberOfMessagesNotVisible: String(notVisible),
    ApproximateNumberOfMessagesDelayed: String(delayed),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    VisibilityTimeout: String(settings.visibilityTimeoutS),
    DelaySeconds: String(settings.delaySeconds),
    ReceiveMessageWaitTimeSeconds: String(settings.receiveWaitTimeS),
    ...(settings.redrive ? { RedrivePolicy: JSON.stringify(settings.redrive) } : {}),
    ...(settings.fifo
      ? { FifoQueue: 'true', ContentBasedDeduplication: String(settings.contentBasedDeduplication) }
      : {}),
  };
  if (wanted.includes('All')) return all;
  return Object.fromEntries(Object.entries(all).filter(([key]) => wanted.includes(key)));
}
