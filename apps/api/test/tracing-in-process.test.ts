import { afterAll, expect, it } from '@jest/globals';
import { createMysqlTestDatabase, describeWithService, eventually } from '@bharatmart/testkit';
import { ancestry, startOtlpReceiver } from './otlp-receiver.js';
import type { ReceivedSpan } from './otlp-receiver.js';
import { createProduct, expectData, registerCustomer, startTestApi, waitForOrder } from './support.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

await describeWithService('mariadb', 'tracing in one process (MySQL, WORKER_MODE=in-process)', () => {
  it('the charge run by the API itself continues the order trace; the mysql2 statements are spans of the repository calls', async () => {
    const receiver = await startOtlpReceiver();
    cleanups.push(() => receiver.stop());
    const database = await createMysqlTestDatabase('i19_tracing_inproc');
    cleanups.push(database.drop);
    const api = await startTestApi({
      DATABASE_TYPE: 'mysql',
      MYSQL_URL: database.url,
      WORKER_MODE: 'in-process',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'shop-api',
    });
    cleanups.push(() => api.app.stop());
    const customer = await registerCustomer(api.client);
    const product = await createProduct(api, { stock: 5 });
    const order = expectData(
      'place order',
      await api.as(customer.token).POST('/api/v1/orders', {
        body: { items: [{ productId: product.id, quantity: 1 }] },
      }),
    );
    await waitForOrder(api, customer.token, order.id, (placed) => placed.paymentStatus === 'paid', 30_000);

    const trace = await eventually(async () => {
      const request = receiver.spans.find((span) => span.name === 'POST /api/v1/orders');
      const spans = receiver.spans.filter((span) => span.traceId === request?.traceId);
      return spans.some((span) => span.name === 'job payment.charge') ? { request, spans } : undefined;
    }, 30_000);
    if (!trace?.request) throw new Error('the order trace never got its charge');
    const { request, spans } = trace;
    const under = (span: ReceivedSpan | undefined, ancestor: ReceivedSpan) =>
      span !== undefined && ancestry(spans, span).includes(ancestor);
    expect(request.service).toBe('shop-api');
    const [create] = spans.filter((span) => span.name === 'db orders.create');
    expect(create?.attributes['db.system.name']).toBe('mysql');
    // A direct child of the request's span: no span per route handler or lifecycle hook in between.
    expect(create?.parentSpanId).toBe(request.spanId);
    const statements = spans.filter((span) => span.scope.includes('mysql2'));
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.some((span) => span.parentSpanId === create?.spanId)).toBe(true);
    const charge = spans.find((span) => span.name === 'job payment.charge');
    expect(charge?.service).toBe('shop-api');
    expect(under(charge, request)).toBe(true);
  }, 120_000);
});
