import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { isEmailRejected } from '@bharatmart/core';
import type { EmailTransport, OutgoingEmail } from '@bharatmart/core';

/** A message as it arrived where the transport delivers (a mailbox, a log line). */
export interface DeliveredEmail {
  to: string;
  subject: string;
  /** The bodies, when the transport delivers them (the `log` transport writes neither). */
  text?: string;
  html?: string;
  attachments: {
    filename: string;
    bytes: number;
    /** When the transport delivers them (the `log` transport writes names and sizes only). */
    contentType?: string;
    content?: Uint8Array;
  }[];
}

/** What the suite needs from a transport's test set-up besides the transport itself. */
export interface EmailTransportHarness {
  /** A fresh transport; the suite closes it after each test. */
  createTransport(): EmailTransport | Promise<EmailTransport>;
  /** The accepted message with this subject (every message of the suite has its own), or `undefined`. */
  delivered(subject: string): DeliveredEmail | undefined;
  /** An address the server refuses for good (an SMTP 5xx); absent for a transport without a server. */
  refusedRecipient?: string;
  /** A transport whose server cannot be reached; absent for a transport without a server. */
  createUnreachableTransport?(): EmailTransport | Promise<EmailTransport>;
}

/** Every byte value, so an attachment that is not carried byte for byte cannot pass. */
const BINARY = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7) % 256);

/**
 * The EmailTransport contract: resolving means the transport accepted the message, with its text and
 * HTML bodies and its attachments; an `EmailRejectedError` means refused for good, any other error
 * means "not sent, try again"; `close` may be called more than once. Every message gets a subject of
 * its own, so the suite can share a server with other tests.
 */
export function describeEmailTransportContract(label: string, harness: EmailTransportHarness): void {
  describe(`${label}: EmailTransport contract`, () => {
    const opened: EmailTransport[] = [];
    const open = async (create: () => EmailTransport | Promise<EmailTransport>) => {
      const transport = await create();
      opened.push(transport);
      return transport;
    };
    const message = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
      to: 'priya@example.in',
      subject: `Order ${randomUUID()} received — ₹1,299.00`,
      text: 'Hello Priya,\nyour order of ₹1,299.00 is confirmed.',
      html: '<p>Hello Priya,</p><p>your order of <strong>₹1,299.00</strong> is confirmed.</p>',
      ...overrides,
    });

    afterEach(async () => {
      for (const transport of opened.splice(0)) await transport.close?.();
    });

    it('accepts a message: it arrives with its recipient, subject and both bodies, under an id', async () => {
      const transport = await open(() => harness.createTransport());
      expect(transport.name).toMatch(/\S/);
      const email = message();
      const { messageId } = await transport.send(email);
      expect(messageId).toMatch(/\S/);
      const arrived = harness.delivered(email.subject);
      expect(arrived).toMatchObject({ to: email.to, subject: email.subject, attachments: [] });
      if (arrived?.text !== undefined) expect(arrived.text.trim()).toBe(email.text);
      if (arrived?.html !== undefined) expect(arrived.html).toContain(email.html);
    });

    it('delivers every attachment with its name, type and exact bytes', async () => {
      const transport = await open(() => harness.createTransport());
      const invoice = new TextEncoder().encode('%PDF-1.4 invoice under test');
      const email = message({
        attachments: [
          { filename: 'invoice.pdf', contentType: 'application/pdf', content: invoice },
          { filename: 'data.bin', contentType: 'application/octet-stream', content: BINARY },
        ],
      });
      await transport.send(email);
      const arrived = harness.delivered(email.subject)?.attachments ?? [];
      expect(arrived.map(({ filename, bytes }) => ({ filename, bytes }))).toEqual([
        { filename: 'invoice.pdf', bytes: invoice.byteLength },
        { filename: 'data.bin', bytes: BINARY.byteLength },
      ]);
      for (const [i, sent] of (email.attachments ?? []).entries()) {
        const got = arrived[i];
        if (got?.contentType !== undefined) expect(got.contentType).toBe(sent.contentType);
        if (got?.content !== undefined)
          expect(Buffer.from(got.content).equals(Buffer.from(sent.content))).toBe(true);
      }
    });

    it('gives each accepted message its own id', async () => {
      const transport = await open(() => harness.createTransport());
      const first = await transport.send(message());
      const second = await transport.send(message());
      expect(second.messageId).not.toBe(first.messageId);
    });

    const refused = harness.refusedRecipient;
    if (refused !== undefined) {
      it('a message refused for good throws EmailRejectedError, arrives nowhere, and the next is sent', async () => {
        const transport = await open(() => harness.createTransport());
        const email = message({ to: refused });
        const error = await transport.send(email).catch((caught: unknown) => caught);
        expect(isEmailRejected(error)).toBe(true);
        const code = (error as { responseCode?: number }).responseCode;
        if (code !== undefined) expect(code).toBeGreaterThanOrEqual(500);
        expect(harness.delivered(email.subject)).toBeUndefined();
        const next = message();
        await transport.send(next);
        expect(harness.delivered(next.subject)).toBeDefined();
      });
    }

    const unreachable = harness.createUnreachableTransport;
    if (unreachable) {
      it('an unreachable server is an error to retry, not a rejection', async () => {
        const transport = await open(() => unreachable());
        const error = await transport.send(message()).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(Error);
        expect(isEmailRejected(error)).toBe(false);
      });
    }

    it('can be closed twice', async () => {
      const transport = await open(() => harness.createTransport());
      await transport.send(message());
      await expect(Promise.resolve(transport.close?.())).resolves.toBeUndefined();
      await expect(Promise.resolve(transport.close?.())).resolves.toBeUndefined();
    });
  });
}
