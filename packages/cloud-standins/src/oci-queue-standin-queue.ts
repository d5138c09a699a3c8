import { randomBytes } from 'node:crypto';
import { OciServiceError } from './oci-request-signature.js';

/** Settings of one stand-in queue, as CreateQueue would set them. */
export interface OciQueueSettings {
  /** Default visibility of received messages, seconds (0–43 200). Default 30. */
  visibilityInSeconds?: number;
  /** Default long-poll wait of GetMessages, seconds (0–30). Default 30. */
  timeoutInSeconds?: number;
  /**
   * `deadLetterQueueDeliveryCount`: a message delivered this many times without being deleted moves
   * to the dead-letter queue of its channel instead of its next delivery. 0 keeps it for ever.
   * Default 5.
   */
  maxDeliveryAttempts?: number;
  /** Retention reported in `expireAfter`, seconds. Default 86 400 (not enforced). */
  retentionInSeconds?: number;
}

/** One message as the queue holds it. */
interface StoredMessage {
  readonly id: number;
  readonly content: string;
  readonly channelId: string | undefined;
  readonly customProperties: Record<string, string> | undefined;
  readonly createdAt: number;
  visibleAt: number;
  deliveryCount: number;
  /** Receipt of the latest delivery; valid while the message is in flight. */
  receipt?: string;
  deadLettered: boolean;
}

/** Visible and in-flight messages, and their size in bytes. */
export interface OciStats {
  visibleMessages: number;
  inFlightMessages: number;
  sizeInBytes: number;
}

const notFound = (what: string): OciServiceError =>
  new OciServiceError(404, 'NotAuthorizedOrNotFound', `${what} not found or not authorized.`);

/**
 * One OCI queue in memory: channels, visibility, receipts that expire once the message is visible
 * again or delivered anew, delivery counts and, after `maxDeliveryAttempts` deliveries, a move to the
 * dead-letter queue of the message's channel. Its JSON views use the API's field names.
 */
export class OciQueue {
  readonly #messages = new Map<number, StoredMessage>();
  readonly #byReceipt = new Map<string, number>();
  readonly visibilityInSeconds: number;
  readonly timeoutInSeconds: number;
  readonly maxDeliveryAttempts: number;
  readonly retentionInSeconds: number;

  constructor(
    readonly id: string,
    settings: OciQueueSettings,
    private readonly nextId: () => number,
  ) {
    this.visibilityInSeconds = settings.visibilityInSeconds ?? 30;
    this.timeoutInSeconds = settings.timeoutInSeconds ?? 30;
    this.maxDeliveryAttempts = settings.maxDeliveryAttempts ?? 5;
    this.retentionInSeconds = settings.retentionInSeconds ?? 86_400;
  }

  /** Adds a message, visible at once; answers its PutMessage view. */
  put(
    content: string,
    metadata: { channelId?: string; customProperties?: Record<string, string> } | undefined,
    now: number,
  ): Record<string, unknown> {
    const message: StoredMessage = {
      id: this.nextId(),
      content,
      channelId: metadata?.channelId,
      customProperties: metadata?.customProperties,
      createdAt: now,
      visibleAt: now,
      deliveryCount: 0,
      deadLettered: false,
    };
    this.#messages.set(message.id, message);
    return { id: message.id, expireAfter: this.#expireAfter(message) };
  }

  /** True when a GetMessages with `channelFilter` could be answered now. */
  hasVisible(channelFilter: string | undefined, now: number): boolean {
    for (const m of this.#messages.values()) if (this.#deliverable(m, channelFilter, now)) return true;
    return false;
  }

  /** Delivers up to `limit` visible messages of `channelFilter` (any channel when undefined). */
  get(limit: number, visibilityInSeconds: number, channelFilter: string | undefined, now: number): unknown[] {
    const out: unknown[] = [];
    for (const message of this.#messages.values()) {
      if (out.length >= limit) break;
      if (!this.#deliverable(message, channelFilter, now)) continue;
      if (this.maxDeliveryAttempts > 0 && message.deliveryCount >= this.maxDeliveryAttempts) {
        message.deadLettered = true;
        message.receipt = undefined;
        continue;
      }
      const receipt = randomBytes(32).toString('base64url');
      this.#byReceipt.set(receipt, message.id);
      Object.assign(message, {
        receipt,
        deliveryCount: message.deliveryCount + 1,
        visibleAt: now + visibilityInSeconds * 1000,
      });
      out.push({
        id: message.id,
        content: message.content,
        receipt,
        deliveryCount: message.deliveryCount,
        visibleAfter: new Date(message.visibleAt).toISOString(),
        expireAfter: this.#expireAfter(message),
        createdAt: new Date(message.createdAt).toISOString(),
        ...(message.channelId === undefined
          ? {}
          : {
              metadata: {
                channelId: message.channelId,
                ...(message.customProperties ? { customProperties: message.customProperties } : {}),
              },
            }),
      });
    }
    return out;
  }

  /** Deletes the in-flight message `receipt` belongs to. */
  delete(receipt: string, now: number): void {
    this.#messages.delete(this.#inFlight(receipt, now).id);
  }

  /** Hides the in-flight message of `receipt` for `visibilityInSeconds` from now; answers its view. */
  update(receipt: string, visibilityInSeconds: number, now: number): Record<string, unknown> {
    const message = this.#inFlight(receipt, now);
    message.visibleAt = now + visibilityInSeconds * 1000;
    return { id: message.id, visibleAfter: new Date(message.visibleAt).toISOString() };
  }

  /** Stats of the queue and of its dead-letter queue, for one channel or all. */
  stats(channelId: string | undefined, now: number): { queue: OciStats; dlq: OciStats } {
    const zero = (): OciStats => ({ visibleMessages: 0, inFlightMessages: 0, sizeInBytes: 0 });
    const queue = zero();
    const dlq = zero();
    for (const m of this.#messages.values()) {
      if (channelId !== undefined && m.channelId !== channelId) continue;
      const target = m.deadLettered ? dlq : queue;
      if (!m.deadLettered && m.visibleAt > now) target.inFlightMessages += 1;
      else target.visibleMessages += 1;
      target.sizeInBytes += Buffer.byteLength(m.content);
    }
    return { queue, dlq };
  }

  #deliverable(message: StoredMessage, channelFilter: string | undefined, now: number): boolean {
    return (
      !message.deadLettered &&
      message.visibleAt <= now &&
      (channelFilter === undefined || message.channelId === channelFilter)
    );
  }

  #inFlight(receipt: string, now: number): StoredMessage {
    const id = this.#byReceipt.get(receipt);
    const message = id === undefined ? undefined : this.#messages.get(id);
    if (!message || message.receipt !== receipt || message.visibleAt <= now) {
      throw notFound('Message receipt (expired, deleted or unknown)');
    }
    return message;
  }

  #expireAfter(message: StoredMessage): string {
    return new Date(message.createdAt + this.retentionInSeconds * 1000).toISOString();
  }
}
