import { expect } from '@jest/globals';
import { ancestry, eventually, startOtlpReceiver } from '@bharatmart/testkit';
import type { OtlpReceiver, ReceivedSpan, RunningApp } from '@bharatmart/testkit';
import type { TestApi } from './support.js';
import {
  createProduct,
  expectData,
  registerCustomer,
  startTestApi,
  startTestWorker,
  waitForOrder,
} from './support.js';

/**
 * Runs the journey (register, place an order, payment captured) on an API and two `start:worker`
 * processes on `env`'s queue, all exporting to one local OTLP receiver (the API in protobuf, through
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, the workers in JSON), and checks the order's trace: the
 * `POST /api/v1/orders` span, its database spans, the relay's dispatch and the charge run by a
 * worker, with its own database calls and the invoice job it wrote, all in one trace; and the
 * worker's log line of the charge carries the trace's ids; and no span carries a value bound to a
 * statement (the customer's email). `cleanups` receives what to stop.
 * `options.apiEnv` is laid over `env` for the API only (e.g. `WORKER_MODE=none`, whose jobs the
 * workers relay). Returns the order's trace.
 */
export async function expectTracedJourney(
  env: Record<string, string>,
  cleanups: (() => Promise<unknown>)[],
  options: { apiEnv?: Record<string, string> } = {},
): Promise<ReceivedSpan[]> {
  const receiver = await startOtlpReceiver();
  cleanups.push(() => receiver.stop());
  const traced = {
    ...env,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  };
  // The processes stop together: a polling queue's consumer may wait out its long poll first.
  const processes: RunningApp[] = [];
  cleanups.push(() => Promise.all(processes.map((app) => app.stop())));
  const api = await startTestApi({
    ...traced,
    ...options.apiEnv,
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
  });
  processes.push(api.app);
  const workers: RunningApp[] = [];
  for (let i = 0; i < 2; i += 1) {
    const worker = await startTestWorker(traced);
    processes.push(worker);
    workers.push(worker);
  }

  const { order, email } = await placePaidOrder(api, 60_000);

  // Spans are exported in batches: wait for the request's, then for the whole trace.
  const request = await eventually(async () => receiver.spans.find(isOrderRequest), 30_000);
  if (!request) throw new Error('no POST /api/v1/orders span arrived');
  const chargeLog = () =>
    workers
      .flatMap((worker) => worker.output().split('\n'))
      .filter(
        (line) =>
          line.includes('"msg":"job completed"') && line.includes(`"jobId":"payment.charge@${order.id}"`),
      );
  const spans = await eventually(async () => {
    const found = receiver.spans.filter((span) => span.traceId === request.traceId);
    const count = (name: string) => found.filter((span) => span.name === name).length;
    // The relay dispatches after the response, so its span may leave the API in a later batch than
    // the request's, after the workers' job spans have arrived.
    const complete =
      count('job payment.charge') >= Math.max(1, chargeLog().length) &&
      count('job order.invoice') > 0 &&
      count('relay payment.charge') > 0;
    return complete ? found : undefined;
  }, 60_000);
  if (!spans) {
    const names = receiver.spans.filter((span) => span.traceId === request.traceId).map((span) => span.name);
    throw new Error(
      `the order's trace never got its relay, charge and invoice spans; spans: ${JSON.stringify(names)}`,
    );
  }
  const named = (name: string): ReceivedSpan[] => spans.filter((span) => span.name === name);
  const under = (span: ReceivedSpan | undefined, ancestor: ReceivedSpan | undefined): boolean =>
    span !== undefined && ancestor !== undefined && ancestry(spans, span).includes(ancestor);

  // The HTTP span, exported by the API over protobuf, and its database spans.
  expect(request).toMatchObject({ service: 'bharatmart-api', encoding: 'protobuf' });
  const [create] = named('db orders.create');
  expect(create?.attributes['db.system.name']).toBe(env.DATABASE_TYPE);
  expect(under(create, request)).toBe(true);
  const statements = spans.filter((span) => span.scope.includes('instrumentation-pg') && under(span, create));
  expect(statements.map((span) => span.name)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^pg\.query:INSERT/)]),
  );
  // The relay's dispatch of the charge, and the charge in a start:worker process, exported as JSON.
  expect(under(named('relay payment.charge')[0], request)).toBe(true);
  // (A queue that does not deduplicate may run it more than once; each run is in the trace.)
  const charges = named('job payment.charge');
  for (const charge of charges) {
    expect(charge).toMatchObject({ service: 'bharatmart-worker', encoding: 'json' });
    expect(charge.attributes['job.id']).toBe(`payment.charge@${order.id}`);
    expect(under(charge, request)).toBe(true);
    expect(spans.some((span) => span.name.startsWith('db ') && span.parentSpanId === charge.spanId)).toBe(
      true,
    );
  }
  // The invoice job the capture wrote continues the trace under the charge that captured; the
  // relay's polls after the request are in no one's trace.
  expect(charges.some((charge) => under(named('job order.invoice')[0], charge))).toBe(true);
  expect(named('db outbox.pending')).toHaveLength(0);

  // The worker that ran the charge logged its completion with the trace's and the run's ids.
  const [completed] = chargeLog();
  expect(completed).toContain(`"trace_id":"${request.traceId}"`);
  expect(charges.map((charge) => `"span_id":"${charge.spanId}"`)).toContainEqual(
    completed?.match(/"span_id":"\w+"/)?.[0],
  );
  expectNoBoundValues(receiver, email);
  return spans;
}

/**
 * Places an order on `api` (a new customer, a new product) whose charge the API runs itself
 * (WORKER_MODE=in-process), and returns its `POST /api/v1/orders` span and every span of its trace
 * once the charge's span has reached `receiver`, having checked that no span carries a value bound to
 * a statement. Throws when the order is not paid, or its trace gets no charge, within 30 s.
 */
export async function tracedPaidOrder(
  api: TestApi,
  receiver: OtlpReceiver,
): Promise<{ request: ReceivedSpan; spans: ReceivedSpan[] }> {
  const { email } = await placePaidOrder(api, 30_000);
  const trace = await eventually(async () => {
    const request = receiver.spans.find(isOrderRequest);
    const spans = receiver.spans.filter((span) => span.traceId === request?.traceId);
    return request && spans.some((span) => span.name === 'job payment.charge')
      ? { request, spans }
      : undefined;
  }, 30_000);
  if (!trace) throw new Error('the order trace never got its charge');
  expectNoBoundValues(receiver, email);
  return trace;
}

/** True for the span of a `POST /api/v1/orders` request (its route, not a path that merely looks like it). */
function isOrderRequest(span: ReceivedSpan): boolean {
  return span.name === 'POST /api/v1/orders' && span.attributes['http.route'] === '/api/v1/orders';
}

/**
 * A new customer places an order of one unit of a new product on `api`; resolves with the order once
 * it is paid, and the customer's email; throws if it is not paid within `timeoutMs`.
 */
async function placePaidOrder(api: TestApi, timeoutMs: number) {
  const customer = await registerCustomer(api.client);
  const email = customer.user.email;
  const product = await createProduct(api, { stock: 5 });
  const order = expectData(
    'place order',
    await api.as(customer.token).POST('/api/v1/orders', {
      body: { items: [{ productId: product.id, quantity: 1 }] },
    }),
  );
  const paid = await waitForOrder(
    api,
    customer.token,
    order.id,
    (placed) => placed.paymentStatus === 'paid',
    timeoutMs,
  );
  return { order: paid, email };
}

/**
 * Statements are exported as their SQL with placeholders, never with the values bound to them: no
 * span `receiver` got (the customer's registration and order included) carries the customer's email.
 */
function expectNoBoundValues(receiver: OtlpReceiver, email: string): void {
  const carrying = receiver.spans.filter((span) => JSON.stringify(span.attributes).includes(email));
  expect(carrying.map((span) => `${span.name} (${span.scope})`)).toEqual([]);
  expect(receiver.spans.some((span) => span.name === 'db users.create')).toBe(true);
}
