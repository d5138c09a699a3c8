import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startRazorpayStandin, startSmtpTestServer } from '@bharatmart/cloud-standins';
import type { RazorpayStandin, ReceivedMail, SmtpTestServer } from '@bharatmart/cloud-standins';
import { createPostgresTestDatabase, describeWithService, eventually, serviceUrl } from '@bharatmart/testkit';
import { deliver, placeOrder, razorpayEnv } from './razorpay-support.js';
import { registerCustomer, startTestApi, startTestWorker, waitForOrder } from './support.js';
import type { TestApi } from './support.js';

const SMTP_USER = 'ocid1.user.oc1..journey';
const SMTP_PASSWORD = 'journey-smtp-password';
const FROM = 'orders@bharatmart.example';

await describeWithService(['redis', 'postgres'], 'Razorpay + SMTP on PostgreSQL + BullMQ', () => {
  describe('the whole journey with PAYMENT_PROVIDER=razorpay and EMAIL_TRANSPORT=smtp, jobs in two worker processes', () => {
    let standin: RazorpayStandin;
    let smtp: SmtpTestServer;
    let api: TestApi;
    let dropDatabase: () => Promise<void>;
    let certDir: string;

    beforeAll(async () => {
      standin = await startRazorpayStandin();
      // The first message gets 451 (a transient failure the job retries); bounce-… addresses get 550.
      smtp = await startSmtpTestServer({
        user: SMTP_USER,
        password: SMTP_PASSWORD,
        transientFailures: 1,
        rejectRecipients: (address) => address.startsWith('bounce-'),
      });
      certDir = await mkdtemp(join(tmpdir(), 'smtp-ca-'));
      const caFile = join(certDir, 'smtp-ca.pem');
      await writeFile(caFile, smtp.certificate);
      const database = await createPostgresTestDatabase('api_razorpay');
      dropDatabase = database.drop;
      const env = {
        DATABASE_TYPE: 'postgresql',
        DATABASE_URL: database.url,
        WORKER_MODE: 'bull-queue',
        QUEUE_REDIS_URL: serviceUrl('redis'),
        QUEUE_PREFIX: database.name,
        ...razorpayEnv(standin),
        EMAIL_TRANSPORT: 'smtp',
        SMTP_HOST: smtp.host,
        SMTP_PORT: String(smtp.port),
        SMTP_USER,
        SMTP_PASSWORD,
        EMAIL_FROM: `"BharatMart" <${FROM}>`,
        // The test server's self-signed certificate, trusted the way an operator adds a private CA.
        NODE_EXTRA_CA_CERTS: caFile,
      };
      api = await startTestApi(env);
      api.companions = await Promise.all([startTestWorker(env), startTestWorker(env)]);
    });

    afterAll(async () => {
      const codes = await Promise.all([
        api.app.stop(),
        ...(api.companions ?? []).map((worker) => worker.stop()),
      ]);
      expect(codes.every((code) => code === 0)).toBe(true);
      await Promise.all([
        standin.stop(),
        smtp.close(),
        dropDatabase(),
        rm(certDir, { recursive: true, force: true }),
      ]);
    });

    const mailTo = (to: string, subject: (text: string) => boolean): Promise<ReceivedMail> =>
      smtp.waitFor((mail) => mail.envelope.to.includes(to) && subject(mail.subject), 20_000);

    it('register → welcome mail → order → pay at checkout → invoice → confirmation mail with the invoice PDF → ship → shipping mail', async () => {
      const { token, user } = await registerCustomer(api.client, 'Ravi');
      const welcome = await mailTo(user.email, (subject) => subject === 'Welcome to BharatMart');
      expect(welcome).toMatchObject({ secure: true, user: SMTP_USER });
      expect(welcome.envelope.from).toBe(FROM);
      expect(welcome.text).toContain('Namaste Ravi');
      expect(welcome.html).toContain('<p>Namaste Ravi,</p>');
      expect(smtp.transientFailuresGiven()).toBe(1);

      const catalog = await api.client.get('/api/v1/products?search=tea');
      const tea = catalog.body.items.find((product: { sku: string }) => product.sku === 'GROC-TEA-002');
      const placed = await placeOrder(api, token, tea.id, 2);
      expect(placed.status).toBe(201);
      expect(placed.body.checkout).toMatchObject({ provider: 'razorpay', amount: 119_800, currency: 'INR' });
      expect(standin.order(placed.body.checkout.providerOrderId)?.receipt).toBe(placed.body.id);

      const paid = standin.pay(placed.body.checkout.providerOrderId);
      const confirmed = await api.client.post(`/api/v1/orders/${placed.body.id}/payment`, paid, { token });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
      expect(standin.payment(paid.razorpay_payment_id)?.status).toBe('captured');
      const late = await deliver(api, standin.webhook('payment.captured', paid.razorpay_payment_id));
      expect(late.body).toEqual({ outcome: 'unchanged' });

      const invoice = await eventually(async () => {
        const response = await api.client.get(`/api/v1/orders/${placed.body.id}/invoice`, { token });
        return response.status === 200 ? response.body : undefined;
      });
      expect(invoice).toMatchObject({ orderId: placed.body.id, total: 119_800 });

      const confirmation = await mailTo(
        user.email,
        (subject) => subject === `Order ${placed.body.id} confirmed`,
      );
      expect(confirmation.text).toContain('Total: ₹1,198.00');
      expect(confirmation.text).toContain(`Your tax invoice ${invoice.number} is attached`);
      expect(confirmation.html).toContain('<strong>Total: ₹1,198.00</strong>');
      expect(confirmation.attachments).toHaveLength(1);
      const [attachment] = confirmation.attachments;
      expect(attachment).toMatchObject({
        filename: `invoice-${invoice.number.replaceAll('/', '-')}.pdf`,
        contentType: 'application/pdf',
      });
      const attachedText = execFileSync('pdftotext', ['-layout', '-', '-'], {
        input: attachment?.content,
      }).toString('utf8');
      expect(attachedText).toContain(invoice.number);
      expect(attachedText.replace(/\s+/g, ' ')).toContain(invoice.gst.amountInWords);

      const shipped = await api.client.post(`/api/v1/orders/${placed.body.id}/ship`, undefined, {
        token: api.adminToken,
      });
      expect(shipped.body.status).toBe('shipped');
      const shipping = await mailTo(
        user.email,
        (subject) => subject === `Order ${placed.body.id} has shipped`,
      );
      expect(shipping.html).toContain('is on its way');

      // Each message is recorded right after the server accepted it.
      const recorded = await eventually(async () => {
        const response = await api.client.get(`/api/v1/admin/emails?to=${encodeURIComponent(user.email)}`, {
          token: api.adminToken,
        });
        return response.body.items.length === 3 ? response : undefined;
      });
      expect(recorded?.body.items.map((email: { template: string }) => email.template).sort()).toEqual([
        'order-confirmation',
        'shipping',
        'welcome',
      ]);
      expect(recorded?.body.items.every((email: { transport: string }) => email.transport === 'smtp')).toBe(
        true,
      );
    });

    it('paid by webhook alone, then cancelled: refunded through the Refunds API once', async () => {
      const { token } = await registerCustomer(api.client, 'Meera');
      const rice = (await api.client.get('/api/v1/products?search=basmati')).body.items[0];
      const placed = await placeOrder(api, token, rice.id, 1);
      const paid = standin.pay(placed.body.checkout.providerOrderId);
      const payment = standin.payment(paid.razorpay_payment_id);
      if (payment) Object.assign(payment, { status: 'captured', captured: true });
      const delivery = standin.webhook('payment.captured', paid.razorpay_payment_id);
      expect((await deliver(api, delivery)).body).toEqual({ outcome: 'recorded' });
      expect((await deliver(api, delivery)).body).toEqual({ outcome: 'unchanged' });

      const cancelled = await api.client.post(`/api/v1/orders/${placed.body.id}/cancel`, undefined, {
        token,
      });
      expect(cancelled.body.status).toBe('cancelled');
      await waitForOrder(api, token, placed.body.id, (order) => order.paymentStatus === 'refunded', 20_000);
      expect(
        standin.refunds().filter((refund) => refund.payment_id === paid.razorpay_payment_id),
      ).toHaveLength(1);
      const processed = await deliver(api, standin.webhook('refund.processed', paid.razorpay_payment_id));
      expect(processed.body).toEqual({ outcome: 'unchanged' });
    });

    it('a mail the server refuses (550) fails its job once, without retries, and is not recorded as sent', async () => {
      const email = `bounce-${randomUUID()}@example.in`;
      const registered = await api.client.post('/api/v1/auth/register', {
        email,
        password: 'correct horse battery',
        name: 'Bounce',
      });
      expect(registered.status).toBe(201);
      const failed = await eventually(async () => {
        const jobs = await api.client.get('/api/v1/admin/jobs', { token: api.adminToken });
        return (
          jobs.body.failed as {
            name: string;
            payload: { userId?: string };
            attempts: number;
            error: string;
          }[]
        ).find((job) => job.name === 'email.welcome' && job.payload.userId === registered.body.user.id);
      }, 20_000);
      expect(failed?.attempts).toBe(1);
      expect(failed?.error).toContain('550');
      const recorded = await api.client.get(`/api/v1/admin/emails?to=${encodeURIComponent(email)}`, {
        token: api.adminToken,
      });
      expect(recorded.body.items).toEqual([]);
    });
  });
});
