import { afterAll, expect, it } from '@jest/globals';
import {
  ancestry,
  createMysqlTestDatabase,
  describeWithService,
  startOtlpReceiver,
} from '@bharatmart/testkit';
import type { ReceivedSpan } from '@bharatmart/testkit';
import { startTestApi } from './support.js';
import { tracedPaidOrder } from './tracing-journey.js';

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
      // At debug the API logs each request it answered ("request completed").
      LOG_LEVEL: 'debug',
    });
    cleanups.push(() => api.app.stop());
    const { request, spans } = await tracedPaidOrder(api, receiver);
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
    // The API's own log line of the request carries the request's trace and span ids.
    const completed = api.app
      .output()
      .split('\n')
      .find((line) => line.includes('"msg":"request completed"') && line.includes('"url":"/api/v1/orders"'));
    expect(completed).toContain(`"trace_id":"${request.traceId}","span_id":"${request.spanId}"`);
  }, 120_000);
});
