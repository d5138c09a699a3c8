import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** An SQS error as the JSON protocol names it (`com.amazonaws.sqs#<type>`), with its query-compatible code. */
export class SqsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly queryCode: string = type,
  ) {
    super(message);
  }
}

const MAX_VISIBILITY_S = 12 * 60 * 60;
const DEDUPE_WINDOW_MS = 5 * 60 * 1000;

/** The queue settings the stand-in honours (CreateQueue `Attributes`, parsed). */
export interface SqsQueueSettings {
  fifo: boolean;
  contentBasedDeduplication: boolean;
  visibilityTimeoutS: number;
  delaySeconds: number;
  receiveWaitTimeS: number;
  /** `RedrivePolicy`: after this many receives a message moves to `deadLetterTargetArn` on its next receive. */
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
}

/** One message as the queue holds it. */
export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5: string;
  readonly sentAt: number;
  readonly groupId?: string;
  readonly dedupeId?: string;
  readonly sequenceNumber?: string;
  /** Epoch ms from which the message can be received (delay or visibility timeout). */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  receivedAt?: number;
  /** Receipt handle of the latest receive; valid while the message is in flight. */
  receipt?: string;
  deadLetterSourceArn?: string;
}

/** What ReceiveMessage hands out for one message. */
export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5: string;
  attributes: Record<string, string>;
}

/** What SendMessage answers. */
export interface SentMessage {
  messageId: string;
  md5: string;
  sequenceNumber?: string;
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/**
 * One queue in memory with SQS's semantics: delays, visibility timeouts, receipt handles that expire
 * once the message is visible again or received anew, receive counts, redrive to a dead-letter queue,
 * and for FIFO queues message groups (one in-flight message per group) and a 5-minute dedupe window.
 */
export class SqsQueue {
  readonly #messages = new Map<string, StoredMessage>();
  /** Every receipt handed out, to tell an expired receipt from a foreign one. */
  readonly #receipts = new Map<string, string>();
  readonly #dedupe = new Map<string, { messageId: string; until: number }>();
  #sequence = 0n;

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly url: string,
    readonly settings: SqsQueueSettings,
    readonly createdAt: number,
  ) {}

  /** Adds a message; on a FIFO queue a repeated deduplication id within 5 minutes adds nothing. */
  send(
    body: string,
    options: { delaySeconds?: number; groupId?: string; dedupeId?: string },
    now: number,
  ): SentMessage {
    if (body.length === 0) throw new SqsError('InvalidParameterValue', 'The message body must not be empty.');
    if (Buffer.byteLength(body) > 262_144) {
      throw new SqsError('InvalidParameterValue', 'Message must be shorter than 262144 bytes.');
    }
    const { fifo } = this.settings;
    if (fifo && options.delaySeconds !== undefined) {
      throw new SqsError(
        'InvalidParameterValue',
        'Value for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.',
      );
    }
    if (fifo && !options.groupId) {
      throw new SqsError('MissingParameter', 'The request must contain the parameter MessageGroupId.');
    }
    if (!fifo && options.dedupeId !== undefined) {
      throw new SqsError(
        'InvalidParameterValue',
        'Value for parameter MessageDeduplicationId is invalid. Reason: The request include parameter that is not valid for this queue type.',
      );
    }
    const delay = options.delaySeconds ?? this.settings.delaySeconds;
    if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
      throw new SqsError('InvalidParameterValue', 'DelaySeconds must be a whole number from 0 to 900.');
    }
    let dedupeId: string | undefined;
    if (fifo) {
      dedupeId =
        options.dedupeId ??
        (this.settings.contentBasedDeduplication
          ? createHash('sha256').update(body).digest('hex')
          : undefined);
      if (dedupeId === undefined) {
        throw new SqsError(
          'InvalidParameterValue',
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
      const seen = this.#dedupe.get(dedupeId);
      if (seen && seen.until > now) return { messageId: seen.messageId, md5: md5(body) };
    }
    const messageId = randomUUID();
    const sequenceNumber = fifo ? String((this.#sequence += 1n)).padStart(20, '0') : undefined;
    this.#messages.set(messageId, {
      messageId,
      body,
      md5: md5(body),
      sentAt: now,
      visibleAt: now + delay * 1000,
      receiveCount: 0,
      ...(fifo ? { groupId: options.groupId, dedupeId, sequenceNumber } : {}),
    });
    if (dedupeId !== undefined) this.#dedupe.set(dedupeId, { messageId, until: now + DEDUPE_WINDOW_MS });
    return sequenceNumber === undefined
      ? { messageId, md5: md5(body) }
      : { messageId, md5: md5(body), sequenceNumber };
  }

  /**
   * Receives up to `max` visible messages, hiding each for `visibilityS`. A message already received
   * `maxReceiveCount` times is handed to `moveToDeadLetter` instead (the redrive policy).
   */
  receive(
    max: number,
    visibilityS: number,
    now: number,
    moveToDeadLetter: (targetArn: string, message: StoredMessage) => void,
  ): ReceivedMessage[] {
    const busyGroups = new Set<string>();
    for (const m of this.#messages.values())
      if (m.groupId && this.#inFlight(m, now)) busyGroups.add(m.groupId);
    const out: ReceivedMessage[] = [];
    for (const message of this.#messages.values()) {
      if (out.length >= max) break;
      if (message.visibleAt > now || (message.groupId && busyGroups.has(message.groupId))) continue;
      const redrive = this.settings.redrive;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        this.#messages.delete(message.messageId);
        moveToDeadLetter(redrive.deadLetterTargetArn, message);
        continue;
      }
      const receipt = randomBytes(48).toString('base64');
      this.#receipts.set(receipt, message.messageId);
      Object.assign(message, {
        receipt,
        receiveCount: message.receiveCount + 1,
        firstReceivedAt: message.firstReceivedAt ?? now,
        receivedAt: now,
        visibleAt: now + visibilityS * 1000,
      });
      if (message.groupId) busyGroups.add(message.groupId);
      out.push({
        messageId: message.messageId,
        receiptHandle: receipt,
        body: message.body,
        md5: message.md5,
        attributes: this.#attributesOf(message),
      });
    }
    return out;
  }

  /** Takes in a message moved here by another queue's redrive policy (receive count starts again). */
  adoptDeadLetter(message: StoredMessage, sourceArn: string, now: number): void {
    this.#messages.set(message.messageId, {
      ...message,
      visibleAt: now,
      receiveCount: 0,
      receipt: undefined,
      firstReceivedAt: undefined,
      receivedAt: undefined,
      deadLetterSourceArn: sourceArn,
    });
  }

  /** Deletes the message `receipt` was handed out for; deleting an already deleted message succeeds. */
  delete(receipt: string, now: number): void {
    const message = this.#byReceipt(receipt);
    if (message === undefined) return;
    if (message.receipt !== receipt || !this.#inFlight(message, now)) {
      throw new SqsError(
        'InvalidParameterValue',
        `Value ${receipt} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
      );
    }
    this.#messages.delete(message.messageId);
  }

  /** Hides the in-flight message of `receipt` for `visibilityS` from now (0 makes it visible at once). */
  changeVisibility(receipt: string, visibilityS: number, now: number): void {
    const message = this.#byReceipt(receipt);
    if (message === undefined || !this.#inFlight(message, now)) {
      throw new SqsError(
        'MessageNotInflight',
        'The message referred to is not in flight.',
        'AWS.SimpleQueueService.MessageNotInflight',
      );
    }
    if (message.receipt !== receipt) {
      throw new SqsError(
        'InvalidParameterValue',
        `Value ${receipt} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
      );
    }
    if (now + visibilityS * 1000 - (message.receivedAt ?? now) > MAX_VISIBILITY_S * 1000) {
      throw new SqsError(
        'InvalidParameterValue',
        'Total VisibilityTimeout for the message is beyond the limit [43200 seconds]',
      );
    }
    message.visibleAt = now + visibilityS * 1000;
  }

  /** The approximate counters GetQueueAttributes reports. */
  counts(now: number): { visible: number; notVisible: number; delayed: number } {
    let visible = 0;
    let notVisible = 0;
    let delayed = 0;
    for (const m of this.#messages.values()) {
      if (m.visibleAt <= now) visible += 1;
      else if (m.receipt === undefined) delayed += 1;
      else notVisible += 1;
    }
    return { visible, notVisible, delayed };
  }

  /** True while at least one receive could be answered now. */
  hasVisible(now: number): boolean {
    for (const m of this.#messages.values()) if (m.visibleAt <= now) return true;
    return false;
  }

  #inFlight(message: StoredMessage, now: number): boolean {
    return message.receipt !== undefined && message.visibleAt > now;
  }

  #byReceipt(receipt: string): StoredMessage | undefined {
    const messageId = this.#receipts.get(receipt);
    if (messageId === undefined) {
      throw new SqsError(
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${receipt}" is not a valid receipt handle.`,
      );
    }
    return this.#messages.get(messageId);
  }

  #attributesOf(message: StoredMessage): Record<string, string> {
    return {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
      ...(message.groupId === undefined ? {} : { MessageGroupId: message.groupId }),
      ...(message.dedupeId === undefined ? {} : { MessageDeduplicationId: message.dedupeId }),
      ...(message.sequenceNumber === undefined ? {} : { SequenceNumber: message.sequenceNumber }),
      ...(message.deadLetterSourceArn === undefined
        ? {}
        : { DeadLetterQueueSourceArn: message.deadLetterSourceArn }),
    };
  }
}
