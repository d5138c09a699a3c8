/** A file sent with an email (e.g. an invoice PDF). */
export interface EmailAttachment {
  filename: string;
  /** MIME type, e.g. `application/pdf`. */
  contentType: string;
  content: Uint8Array;
}

/** An email ready to send: every message has a plain-text and an HTML body. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: readonly EmailAttachment[];
}

/**
 * Delivers email. Resolving means the transport accepted the message. Throwing an
 * `EmailRejectedError` means the server refused it for good (an SMTP 5xx reply: bad recipient,
 * unverified sender, message too large) and sending it again cannot help; any other error means "not
 * sent, try again" (connection refused, timeout, a 4xx reply). The email worker records every accepted
 * message in the database, whatever the transport.
 */
export interface EmailTransport {
  readonly name: string;
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  /** Releases its connections; optional (the `log` transport holds none). Safe to call more than once. */
  close?(): Promise<void>;
}

/** The mail server refused a message permanently; retrying it would be refused again. */
export class EmailRejectedError extends Error {
  override readonly name = 'EmailRejectedError';
  constructor(
    message: string,
    /** The server's reply code, e.g. 550. */
    readonly responseCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `error` is an EmailRejectedError (checked by name, so another copy of core counts too). */
export function isEmailRejected(error: unknown): error is EmailRejectedError {
  return (
    typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'EmailRejectedError'
  );
}
