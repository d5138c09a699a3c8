import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerSession } from 'smtp-server';
import { selfSignedCertificate } from './self-signed-certificate.js';

/** A message as the test server received and parsed it (mailparser). */
export interface ReceivedMail {
  /** The SMTP envelope (MAIL FROM / RCPT TO), not the headers. */
  envelope: { from: string; to: string[] };
  /** The user the client authenticated as. */
  user: string | undefined;
  /** Whether the message arrived over TLS (after STARTTLS). */
  secure: boolean;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

export interface SmtpTestServerOptions {
  /** The credentials AUTH PLAIN / LOGIN accepts; any other answer gets 535. */
  user: string;
  password: string;
  /** Recipients refused at RCPT TO with 550 (a permanent rejection). */
  rejectRecipients?: (address: string) => boolean;
  /** Messages answered 451 at the end of DATA (a transient failure) before the server accepts. */
  transientFailures?: number;
}

export interface SmtpTestServer {
  host: string;
  port: number;
  /** The server's self-signed certificate (PEM), for the client's CA. */
  certificate: string;
  /** Every accepted message, oldest first. */
  received: ReceivedMail[];
  /** Resolves with the first accepted message `match` accepts, waiting up to `timeoutMs`. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** How many messages were answered 451 so far. */
  transientFailuresGiven(): number;
  close(): Promise<void>;
}

const addressOf = (address: false | { address: string }) => (address ? address.address : '');

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 for tests: it offers STARTTLS with a self-signed
 * certificate, requires AUTH before MAIL FROM, refuses plain-text AUTH before STARTTLS, and parses each
 * accepted message with mailparser. It can refuse chosen recipients (550) and answer the first messages
 * with 451, so clients' permanent and transient failure handling can be exercised.
 */
export async function startSmtpTestServer(options: SmtpTestServerOptions): Promise<SmtpTestServer> {
  const { key, cert } = await selfSignedCertificate();
  const received: ReceivedMail[] = [];
  const waiters: { match: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void }[] = [];
  let transientLeft = options.transientFailures ?? 0;
  let transientGiven = 0;

  const accept = (mail: ReceivedMail) => {
    received.push(mail);
    for (const waiter of [...waiters]) {
      if (!waiter.match(mail)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(mail);
    }
  };

  const server = new SMTPServer({
    key,
    cert,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: false,
    allowInsecureAuth: false,
    size: 10 * 1024 * 1024,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) {
        callback(null, { user: auth.username });
        return;
      }
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.(address.address)) {
        callback(Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (transientLeft > 0) {
            transientLeft -= 1;
            transientGiven += 1;
            callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
            return;
          }
          const header = (value: { text: string } | { text: string }[] | undefined) =>
            Array.isArray(value) ? value.map((one) => one.text).join(', ') : (value?.text ?? '');
          accept({
            envelope: {
              from: addressOf(session.envelope.mailFrom),
              to: session.envelope.rcptTo.map((to) => to.address),
            },
            user: typeof session.user === 'string' ? session.user : undefined,
            secure: session.secure,
            from: header(parsed.from),
            to: header(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            attachments: parsed.attachments.map((attachment) => ({
              filename: attachment.filename ?? '',
              contentType: attachment.contentType,
              content: attachment.content,
            })),
          });
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    certificate: cert,
    received,
    waitFor(match, timeoutMs = 10_000) {
      const found = received.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (mail: ReceivedMail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no matching email arrived within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    transientFailuresGiven: () => transientGiven,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
