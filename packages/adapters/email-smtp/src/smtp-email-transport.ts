import nodemailer from 'nodemailer';
import { AdapterError, EmailRejectedError } from '@bharatmart/core';
import type { EmailTransport, OutgoingEmail } from '@bharatmart/core';

const NAME = 'smtp';

export interface SmtpEmailOptions {
  host: string;
  /** 587 for STARTTLS (OCI Email Delivery, Amazon SES), 465 with `secure`. */
  port: number;
  /** TLS from the first byte (port 465); otherwise the connection starts plain and upgrades with STARTTLS. */
  secure: boolean;
  /** Without `secure`: refuse to send unless the server upgrades with STARTTLS (never plain text). */
  requireStartTls: boolean;
  /** AUTH credentials; both or neither. Never logged. */
  user?: string;
  password?: string;
  /** The From address, e.g. `"BharatMart" <orders@example.in>` (an approved sender with OCI and SES). */
  from: string;
  /** Longest wait to connect, for the greeting and for any one reply. */
  timeoutMs: number;
  /** Extra CA certificates (PEM) to trust, for a private relay; public relays need none. */
  ca?: string;
  /** SMTP connections kept open at most. Default 2. */
  maxConnections?: number;
}

/** Recipient and message refusals nodemailer reports with these codes; a 5xx reply to them is final. */
const MESSAGE_ERRORS = new Set(['EENVELOPE', 'EMESSAGE']);

/**
 * Sends email over SMTP with nodemailer, on a small pool of connections. A 5xx reply to the envelope
 * or the message (unknown recipient, unverified sender, message too large) is an
 * `EmailRejectedError`: sending again cannot help. Everything else — connection refused, TLS or
 * authentication failure, a timeout, a 4xx reply such as SES throttling — is an
 * `AdapterError('UNAVAILABLE')`, so the job is retried with backoff.
 */
export function createSmtpEmailTransport(options: SmtpEmailOptions): EmailTransport {
  if (!options.host) throw new AdapterError(NAME, 'MISCONFIGURED', 'host is required');
  if (!options.from) throw new AdapterError(NAME, 'MISCONFIGURED', 'from is required');
  if (Boolean(options.user) !== Boolean(options.password)) {
    throw new AdapterError(NAME, 'MISCONFIGURED', 'user and password go together');
  }
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: options.maxConnections ?? 2,
    host: options.host,
    port: options.port,
    secure: options.secure,
    requireTLS: !options.secure && options.requireStartTls,
    ignoreTLS: false,
    ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    ...(options.ca ? { tls: { ca: options.ca } } : {}),
  });
  let closed = false;
  return {
    name: NAME,
    async send(email: OutgoingEmail) {
      if (closed) throw new AdapterError(NAME, 'UNAVAILABLE', 'the transport is closed');
      try {
        const info = await transporter.sendMail({
          from: options.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          attachments: (email.attachments ?? []).map((attachment) => ({
            filename: attachment.filename,
            contentType: attachment.contentType,
            content: Buffer.from(attachment.content),
          })),
        });
        return { messageId: info.messageId };
      } catch (error) {
        const { code, responseCode } = error as { code?: string; responseCode?: number };
        const reply = responseCode === undefined ? String(code ?? 'no reply') : String(responseCode);
        if (responseCode !== undefined && responseCode >= 500 && MESSAGE_ERRORS.has(code ?? '')) {
          throw new EmailRejectedError(`the SMTP server refused the message (${reply})`, responseCode, {
            cause: error,
          });
        }
        throw new AdapterError(
          NAME,
          'UNAVAILABLE',
          `sending failed (${reply}): ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      transporter.close();
    },
  };
}
