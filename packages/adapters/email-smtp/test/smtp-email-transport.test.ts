import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { isAdapterError, isEmailRejected } from '@bharatmart/core';
import type { EmailTransport } from '@bharatmart/core';
import { startSmtpTestServer } from '@bharatmart/cloud-standins';
import type { SmtpTestServer } from '@bharatmart/cloud-standins';
import { describeEmailTransportContract } from '@bharatmart/testkit';
import { createSmtpEmailTransport } from '../src/index.js';
import type { SmtpEmailOptions } from '../src/index.js';

const USER = 'ocid1.user.oc1..smtp-test';
const PASSWORD = 'smtp-password-under-test';

let server: SmtpTestServer;
const transports: EmailTransport[] = [];
const transport = (overrides: Partial<SmtpEmailOptions> = {}) => {
  const created = createSmtpEmailTransport({
    host: server.host,
    port: server.port,
    secure: false,
    requireStartTls: true,
    user: USER,
    password: PASSWORD,
    from: '"BharatMart" <orders@bharatmart.example>',
    timeoutMs: 5000,
    ca: server.certificate,
    ...overrides,
  });
  transports.push(created);
  return created;
};

/** A port on 127.0.0.1 where nothing listens (the server was closed). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  server = await startSmtpTestServer({
    user: USER,
    password: PASSWORD,
    rejectRecipients: (address) => address.startsWith('nobody@'),
  });
});
afterAll(async () => {
  for (const created of transports) await created.close?.();
  await server.close();
});

describeEmailTransportContract('smtp (STARTTLS + AUTH)', {
  createTransport: () => transport(),
  delivered(subject) {
    const mail = server.received.find((received) => received.subject === subject);
    return (
      mail && {
        to: mail.envelope.to.join(', '),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments.map((attachment) => ({
          ...attachment,
          bytes: attachment.content.byteLength,
        })),
      }
    );
  },
  refusedRecipient: 'nobody@example.in',
  createUnreachableTransport: async () => transport({ port: await closedPort() }),
});

describe('createSmtpEmailTransport against a real SMTP server (STARTTLS + AUTH)', () => {
  it('sends over STARTTLS as the authenticated user, from the configured sender', async () => {
    await transport().send({
      to: 'priya@example.in',
      subject: 'Order ord_1 received',
      text: 'Hello Priya',
      html: '<p>Hello Priya</p>',
    });
    const mail = await server.waitFor((received) => received.subject === 'Order ord_1 received');
    expect(mail.secure).toBe(true);
    expect(mail.user).toBe(USER);
    expect(mail.envelope).toEqual({ from: 'orders@bharatmart.example', to: ['priya@example.in'] });
    expect(mail.from).toContain('BharatMart');
  });

  it("carries the server's reply code (550) on a refused recipient's rejection", async () => {
    const error = await transport()
      .send({ to: 'nobody@example.in', subject: 'x', text: 'x', html: '<p>x</p>' })
      .catch((caught: unknown) => caught);
    expect((error as { responseCode?: number }).responseCode).toBe(550);
  });

  it('reports wrong credentials as a transient failure, without the password in the message', async () => {
    const error = await transport({ password: 'wrong-password' })
      .send({ to: 'priya@example.in', subject: 'x', text: 'x', html: '<p>x</p>' })
      .catch((caught: unknown) => caught);
    expect(isAdapterError(error, 'UNAVAILABLE')).toBe(true);
    expect(isEmailRejected(error)).toBe(false);
    expect((error as Error).message).not.toContain('wrong-password');
  });

  it('refuses to send without TLS when the certificate is not trusted', async () => {
    const error = await transport({ ca: undefined })
      .send({ to: 'priya@example.in', subject: 'untrusted', text: 'x', html: '<p>x</p>' })
      .catch((caught: unknown) => caught);
    expect(isAdapterError(error, 'UNAVAILABLE')).toBe(true);
    expect(server.received.some((mail) => mail.subject === 'untrusted')).toBe(false);
  });

  it('reports a server that does not answer as a transient failure within the timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const error = await transport({ port, timeoutMs: 300 })
        .send({ to: 'priya@example.in', subject: 'x', text: 'x', html: '<p>x</p>' })
        .catch((caught: unknown) => caught);
      expect(isAdapterError(error, 'UNAVAILABLE')).toBe(true);
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('refuses a user without a password at creation', () => {
    expect(() => transport({ password: undefined })).toThrow(/user and password go together/);
  });
});

describe('a 451 reply', () => {
  it('is a transient failure, and the next try is delivered', async () => {
    const server = await startSmtpTestServer({ user: USER, password: PASSWORD, transientFailures: 1 });
    const sender = createSmtpEmailTransport({
      host: server.host,
      port: server.port,
      secure: false,
      requireStartTls: true,
      user: USER,
      password: PASSWORD,
      from: 'orders@bharatmart.example',
      timeoutMs: 5000,
      ca: server.certificate,
    });
    try {
      const email = { to: 'priya@example.in', subject: 'retry me', text: 'x', html: '<p>x</p>' };
      const first = await sender.send(email).catch((caught: unknown) => caught);
      expect(isAdapterError(first, 'UNAVAILABLE')).toBe(true);
      expect(isEmailRejected(first)).toBe(false);
      await sender.send(email);
      expect(server.transientFailuresGiven()).toBe(1);
      expect(server.received.map((mail) => mail.subject)).toEqual(['retry me']);
    } finally {
      await sender.close?.();
      await server.close();
    }
  });
});
