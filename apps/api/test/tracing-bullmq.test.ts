import { afterAll, expect, it } from '@jest/globals';
import { createPostgresTestDatabase, describeWithService, eventually, serviceUrl } from '@bharatmart/testkit';
import type { RunningApp } from '@bharatmart/testkit';
import { ancestry, startOtlpReceiver } from './otlp-receiver.js';
import type { OtlpReceiver, ReceivedSpan } from './otlp-receiver.js';
import {
  createProduct,
  expectData,
  registerCustomer,
  startTestApi,
  startTestWorker,
  waitForOrder,
} from './support.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The spans of `traceId` once `present` holds for them (spans are exported in batches). */
async function traceOf(
  receiver: OtlpReceiver,
  traceId: string,
  present: (spans: ReceivedSpan[]) => boolean,
): Promise<ReceivedSpan[]> {
  const spans = await eventually(async () => {
    const found = receiver.spans.filter((span) => span.traceId === traceId);
    return present(found) ? found : undefined;
  }, 60_000);
  if (!spans) {
    const names = receiver.spans.filter((span) => span.traceId === traceId).map((span) => span.name);
    throw new Error(`trace ${traceId} incomplete; spans received: ${JSON.stringify(names)}`);
  }
  return spans;
}

await describeWithService(['postgres', 'redis'], 'tracing across processes (PostgreSQL + BullMQ)', () => {
  it('a payment.charge run by one of two start:worker processes is in the trace of the POST /api/v1/orders that wrote it', async () => {
    const receiver = await startOtlpReceiver();
    cleanups.push(() => receiver.stop());
    const database = await createPostgresTestDatabase('i19_tracing_bullmq');
    cleanups.push(database.drop);
    const env = {
      DATABASE_TYPE: 'postgresql',
      DATABASE_URL: database.url,
      WORKER_MODE: 'bull-queue',
      QUEUE_REDIS_URL: serviceUrl('redis'),
      QUEUE_PREFIX: database.name,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    };
    // The API exports protobuf (the traces-specific protocol wins), the workers JSON.
    const api = await startTestApi({ ...env, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' });
    cleanups.push(() => api.app.stop());
    const workers: RunningApp[] = [];
    for (let i = 0; i < 2; i += 1) {
      const worker = await startTestWorker(env);
      cleanups.push(() => worker.stop());
      workers.push(worker);
    }

    const customer = await registerCustomer(api.client);
    const product = await createProduct(api, { stock: 5 });
    const placed = await api.as(customer.token).POST('/api/v1/orders', {
      body: { items: [{ productId: product.id, quantity: 1 }] },
    });
    const order = expectData('place order', placed);
    await waitForOrder(api, customer.token, order.id, (o) => o.paymentStatus === 'paid', 60_000);

    const request = await eventually(async () =>
      receiver.spans.find((span) => span.name === 'POST /api/v1/orders' && span.service === 'bharatmart-api'),
    );
    expect(request).toBeDefined();
    const traceId = request?.traceId ?? '';
    const spans = await traceOf(receiver, traceId, (found) =>
      found.some((span) => span.name === 'job order.invoice'),
    );
    const named = (name: string) => spans.filter((span) => span.name === name);

    // The HTTP span came over protobuf, from the API.
    expect(request?.encoding).toBe('protobuf');
    expect(request?.attributes['http.route']).toBe('/api/v1/orders');
    // Its database spans: the repository call and, under it, the pg driver's statements.
    const create = named('db orders.create')[0];
    expect(create?.attributes['db.system.name']).toBe('postgresql');
    expect(ancestry(spans, create!)).toContain(request);
    const statements = spans.filter((span) => span.scope.includes('instrumentation-pg'));
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.every((span) => ancestry(spans, span).includes(request!))).toBe(true);
    // The outbox relay's dispatch and the worker's charge, in a start:worker process, over JSON.
    expect(named('relay payment.charge')).toHaveLength(1);
    const [charge] = named('job payment.charge');
    expect(charge?.service).toBe('bharatmart-worker');
    expect(charge?.encoding).toBe('json');
    expect(charge?.attributes['job.id']).toBe(`payment.charge@${order.id}`);
    expect(ancestry(spans, charge!)).toContain(request);
    // The charge's own database calls are its children.
    const chargeCalls = spans.filter(
      (span) => span.name.startsWith('db ') && span.parentSpanId === charge?.spanId,
    );
    expect(chargeCalls.length).toBeGreaterThan(0);
    // The invoice job the captured payment wrote continues the same trace, under the charge.
    expect(ancestry(spans, named('job order.invoice')[0]!)).toContain(charge);
    // The relay's polling after the request is nobody's child: no poll joins the order's trace.
    expect(named('db outbox.pending')).toHaveLength(0);

    // The worker that ran the charge logged it with the trace's ids.
    const ranIt = workers.find((worker) => worker.output().includes(`"jobId":"payment.charge@${order.id}"`));
    const completed = ranIt
      ?.output()
      .split('\n')
      .find((line) => line.includes('job completed') && line.includes(`payment.charge@${order.id}`));
    expect(completed).toContain(`"trace_id":"${traceId}"`);
    expect(completed).toContain(`"span_id":"${charge?.spanId}"`);
  }, 180_000);
});
