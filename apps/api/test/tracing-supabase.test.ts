import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from '@jest/globals';
import { startSupabaseStandin } from '@bharatmart/supabase-standin';
import {
  ancestry,
  createPostgresTestDatabase,
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

await describeWithService('postgres', 'tracing on Supabase (supabase-js to the PostgREST stand-in)', () => {
  it('the repository calls of POST /api/v1/orders are spans of its request, named by the supabase backend, and the charge continues the trace', async () => {
    const receiver = await startOtlpReceiver();
    cleanups.push(() => receiver.stop());
    const database = await createPostgresTestDatabase('i19_tracing_supabase');
    cleanups.push(database.drop);
    const standin = await startSupabaseStandin({
      databaseUrl: database.url,
      jwtSecret: randomBytes(32).toString('hex'),
    });
    cleanups.push(() => standin.stop());
    const api = await startTestApi({
      DATABASE_TYPE: 'supabase',
      SUPABASE_URL: standin.url,
      SUPABASE_SERVICE_ROLE_KEY: standin.serviceRoleKey,
      SUPABASE_DB_URL: database.url,
      WORKER_MODE: 'in-process',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    cleanups.push(() => api.app.stop());
    const { request, spans } = await tracedPaidOrder(api, receiver);
    const under = (span: ReceivedSpan | undefined, ancestor: ReceivedSpan | undefined) =>
      span !== undefined && ancestor !== undefined && ancestry(spans, span).includes(ancestor);

    // The request's own repository calls: direct children, each named by the Supabase backend.
    const calls = spans.filter((span) => span.name.startsWith('db ') && span.parentSpanId === request.spanId);
    expect(calls.map((span) => span.name)).toContain('db orders.create');
    for (const call of calls) expect(call.attributes['db.system.name']).toBe('supabase');
    // The charge, run by the API itself, continues the trace with its own Supabase calls.
    const charge = spans.find((span) => span.name === 'job payment.charge');
    expect(under(charge, request)).toBe(true);
    const chargeCalls = spans.filter(
      (span) => span.name.startsWith('db ') && span.parentSpanId === charge?.spanId,
    );
    expect(chargeCalls.map((span) => span.name)).toContain('db payments.record');
    for (const call of chargeCalls) expect(call.attributes['db.system.name']).toBe('supabase');
  }, 120_000);
});
