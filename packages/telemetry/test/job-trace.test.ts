import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SpanKind, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { pendingJob } from '@bharatmart/core';
import type { IDatabaseAdapter, IWorkerAdapter, JobContext } from '@bharatmart/core';
import { createMemoryCache } from '@bharatmart/cache-memory';
import { PGLITE_MEMORY, createPgliteDatabase } from '@bharatmart/database-pglite';
import { createEnvSecrets } from '@bharatmart/secrets-env';
import { createInProcessWorker } from '@bharatmart/worker-in-process';
import {
  SeamMetrics,
  instrumentCache,
  instrumentDatabase,
  instrumentSecrets,
  instrumentWorker,
  traceLogFields,
} from '../src/index.js';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register({ propagator: new W3CTraceContextPropagator() });
const tracer = trace.getTracer('test');
afterAll(() => provider.shutdown());

describe('a job continues the trace of the change that wrote it', () => {
  const metrics = new SeamMetrics();
  let db: IDatabaseAdapter;
  let worker: IWorkerAdapter;
  beforeAll(async () => {
    const raw = createPgliteDatabase({ dataDir: PGLITE_MEMORY });
    await raw.migrations.latest();
    db = instrumentDatabase(raw, { backend: () => 'pglite', metrics, tracing: true });
    worker = instrumentWorker(createInProcessWorker(), { metrics, tracing: true });
  });
  afterAll(async () => {
    await worker.stop({ timeoutMs: 1000 });
    await db.close();
  });

  it('carries the W3C context in the outbox payload, and runs the job in a child span of it', async () => {
    const ran: { job: JobContext<'email.welcome'>; log: ReturnType<typeof traceLogFields> }[] = [];
    worker.process('email.welcome', async (job) => {
      ran.push({ job, log: traceLogFields() });
    });
    await worker.start();

    const user = await tracer.startActiveSpan('POST /api/v1/auth/register', async (route) => {
      try {
        return await db.users.create(
          { email: 'trace@example.in', name: 'Trace', passwordHash: 'x', role: 'customer' },
          (id) => [pendingJob('email.welcome', { userId: id }, id)],
        );
      } finally {
        route.end();
      }
    });
    const [entry] = await db.outbox.pending(10);
    expect(entry?.payload).toMatchObject({ userId: user.id, trace: { traceparent: expect.any(String) } });
    const route = exporter.getFinishedSpans().find((span) => span.name === 'POST /api/v1/auth/register');
    const traceparent = (entry?.payload as unknown as { trace: { traceparent: string } }).trace.traceparent;
    expect(traceparent).toBe(`00-${route?.spanContext().traceId}-${route?.spanContext().spanId}-01`);
    // The repository call is a span of the route, the driver-independent one.
    const create = exporter.getFinishedSpans().find((span) => span.name === 'db users.create');
    expect(create?.parentSpanContext?.spanId).toBe(route?.spanContext().spanId);

    // The relay's enqueue, outside any request: a producer span and the job's span, both in the trace.
    await worker.enqueue(entry!.name, entry!.payload, { jobId: entry!.key });
    const deadline = Date.now() + 5000;
    while (ran.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const job = exporter.getFinishedSpans().find((span) => span.name === 'job email.welcome');
    const relay = exporter.getFinishedSpans().find((span) => span.name === 'relay email.welcome');
    expect(job?.spanContext().traceId).toBe(route?.spanContext().traceId);
    expect(job?.parentSpanContext?.spanId).toBe(route?.spanContext().spanId);
    expect(relay?.parentSpanContext?.spanId).toBe(route?.spanContext().spanId);
    expect(ran[0]?.log).toEqual({ trace_id: job?.spanContext().traceId, span_id: job?.spanContext().spanId });
  });

  it('adds nothing to a payload written outside a trace', async () => {
    await db.outbox.add([pendingJob('email.low-stock', { productId: 'p-1' }, 'p-1')]);
    const entry = (await db.outbox.pending(10)).find((pending) => pending.name === 'email.low-stock');
    expect(entry?.payload).toEqual({ productId: 'p-1' });
    expect(exporter.getFinishedSpans().some((span) => span.name === 'db outbox.add')).toBe(false);
    expect(traceLogFields()).toEqual({});
  });
});

describe('secrets calls', () => {
  it('inside a trace are client spans naming the provider and how many names, never a name or a value', async () => {
    const secrets = instrumentSecrets(createEnvSecrets({ env: { API_TOKEN: 'tok-123' } }), {
      provider: 'env',
      tracing: true,
    });
    expect(await secrets.get('API_TOKEN')).toBe('tok-123');
    await tracer.startActiveSpan('request', async (span) => {
      expect(await secrets.getMany(['API_TOKEN', 'OTHER'])).toEqual({ API_TOKEN: 'tok-123' });
      span.end();
    });
    const spans = exporter.getFinishedSpans().filter((span) => span.name.startsWith('secrets '));
    expect(spans.map((span) => [span.name, span.attributes])).toEqual([
      ['secrets getMany', { 'secrets.provider': 'env', 'secrets.names': 2 }],
    ]);
  });
});

describe('cache calls', () => {
  it('inside a trace are client spans of the request, parents of what a miss computes; outside one, none', async () => {
    const metrics = new SeamMetrics();
    const raw = createPgliteDatabase({ dataDir: PGLITE_MEMORY });
    await raw.migrations.latest();
    const db = instrumentDatabase(raw, { backend: () => 'pglite', metrics, tracing: true });
    const cache = instrumentCache(createMemoryCache(), { cache: 'memory', metrics, tracing: true });
    try {
      exporter.reset();
      await cache.set('outside', 1);
      const read = () =>
        cache.getOrSet('product:p-1', () => db.products.get('p-1').then(() => 'computed'), 60);
      await tracer.startActiveSpan('GET /api/v1/products/:id', async (span) => {
        expect(await read()).toBe('computed');
        expect(await read()).toBe('computed');
        await expect(cache.get('absent')).resolves.toBeUndefined();
        span.end();
      });
      const spans = exporter.getFinishedSpans();
      const request = spans.find((span) => span.name === 'GET /api/v1/products/:id');
      const cacheSpans = spans.filter((span) => span.name.startsWith('cache '));
      expect(cacheSpans.map((span) => [span.name, span.kind, span.attributes])).toEqual([
        ['cache getOrSet', SpanKind.CLIENT, { 'cache.system': 'memory', 'cache.operation': 'getOrSet' }],
        ['cache getOrSet', SpanKind.CLIENT, { 'cache.system': 'memory', 'cache.operation': 'getOrSet' }],
        ['cache get', SpanKind.CLIENT, { 'cache.system': 'memory', 'cache.operation': 'get' }],
      ]);
      for (const span of cacheSpans)
        expect(span.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
      // The miss computed the value: its database call is a child of the first getOrSet, the hit made none.
      const lookups = spans.filter((span) => span.name === 'db products.get');
      expect(lookups.map((span) => span.parentSpanContext?.spanId)).toEqual([
        cacheSpans[0]?.spanContext().spanId,
      ]);
    } finally {
      await cache.close();
      await db.close();
    }
  });
});
