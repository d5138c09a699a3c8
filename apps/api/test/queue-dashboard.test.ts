import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeWithService, serviceUrl } from '@bharatmart/testkit';
import { ADMIN, registerCustomer, startTestApi } from './support.js';
import type { TestApi } from './support.js';

const basic = (email: string, password: string) =>
  `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

await describeWithService('redis', 'the queue dashboard at /admin/queues (WORKER_MODE=bull-queue)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({
      WORKER_MODE: 'bull-queue',
      QUEUE_REDIS_URL: serviceUrl('redis'),
      QUEUE_PREFIX: `dashboard-${randomUUID()}`,
      AUTH_RATE_LIMIT_MAX: '3',
    });
  });
  afterAll(async () => {
    await api?.app.stop();
  });

  it('asks for credentials, in the error shape, with a Basic challenge a browser answers', async () => {
    const response = await api.client.get('/admin/queues');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="BharatMart queues", charset="UTF-8"');
    expect(response.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
  });

  it('refuses a customer, by token or by password', async () => {
    const customer = await registerCustomer(api.client);
    const byToken = await api.client.get('/admin/queues', { token: customer.token });
    expect(byToken.status).toBe(403);
    expect(byToken.body.error.code).toBe('FORBIDDEN');
    const byPassword = await api.client.get('/admin/queues/api/queues', {
      headers: { authorization: basic(customer.user.email, 'correct horse battery') },
    });
    expect(byPassword.status).toBe(403);
  });

  it('shows every job queue to an admin, by bearer token or by Basic credentials', async () => {
    const page = await api.client.get('/admin/queues', { token: api.adminToken });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const stylesheet = /href="(static\/css\/[^"]+\.css)"/.exec(String(page.body))?.[1];
    expect(stylesheet).toBeDefined();
    expect((await api.client.get(`/admin/queues/${stylesheet}`, { token: api.adminToken })).status).toBe(200);
    expect((await api.client.get(`/admin/queues/${stylesheet}`)).status).toBe(401);
    const queues = await api.client.get('/admin/queues/api/queues', {
      headers: { authorization: basic(ADMIN.email, ADMIN.password) },
    });
    expect(queues.status).toBe(200);
    const names = (queues.body.queues as { name: string }[]).map((queue) => queue.name);
    expect(names).toEqual(
      expect.arrayContaining(['payment.charge', 'email.order-confirmation', 'order.expire-unpaid']),
    );
  });

  it('rate-limits wrong passwords per client address (429 with Retry-After)', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await api.client.get('/admin/queues', {
        headers: { authorization: basic(ADMIN.email, `wrong-${attempt}`) },
      });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        expect(response.body.error.code).toBe('RATE_LIMITED');
      }
    }
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('stays out of the OpenAPI document', async () => {
    const document = await api.client.get('/docs/json');
    expect(Object.keys(document.body.paths).filter((path) => path.startsWith('/admin/queues'))).toEqual([]);
  });
});

describe('without a BullMQ queue', () => {
  it('has no dashboard: /admin/queues is 404 under WORKER_MODE=in-process', async () => {
    const api = await startTestApi();
    try {
      const response = await api.client.get('/admin/queues', { token: api.adminToken });
      expect(response.status).toBe(404);
    } finally {
      await api.app.stop();
    }
  });
});
