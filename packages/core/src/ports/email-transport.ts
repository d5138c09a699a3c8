/** An email ready to send. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  body: string;
}

/**
 * Delivers email. Throwing means "not sent, try again"; resolving means the transport accepted it.
 * The email worker records every accepted message in the database, whatever the transport.
 */
export interface EmailTransport {
  readonly name: string;
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
