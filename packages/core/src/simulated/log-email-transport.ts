import { randomUUID } from 'node:crypto';
import type { EmailTransport } from '../ports/email-transport.js';
import type { Logger } from '../ports/logger.js';

/** The `log` email transport: writes each message's recipient, subject and attachments (names and sizes) to the log, sends nothing. */
export function createLogEmailTransport(logger: Logger): EmailTransport {
  return {
    name: 'log',
    async send(email) {
      const messageId = randomUUID();
      const attachments = email.attachments?.map(({ filename, content }) => ({
        filename,
        bytes: content.byteLength,
      }));
      logger.info(
        { messageId, to: email.to, subject: email.subject, ...(attachments ? { attachments } : {}) },
        'email sent (log transport)',
      );
      return { messageId };
    },
  };
}
