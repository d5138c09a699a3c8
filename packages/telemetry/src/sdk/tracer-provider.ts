import { register } from 'node:module';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import type { Sampler } from '@opentelemetry/sdk-trace-node';
import type { Tracing } from '../start-tracing.js';
import type { TracingSettings } from '../tracing-settings.js';
import { OracledbInstrumentation } from './oracledb-instrumentation.js';

type Enabled = Extract<TracingSettings, { enabled: true }>;

/** The modules whose instrumentations patch them as they are imported. */
const DRIVERS = ['pg', 'pg-pool', 'mysql2', 'mysql2/promise', 'oracledb'];

/** Probes and scrapes, called every few seconds: no trace of theirs is wanted. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Registers the OpenTelemetry SDK for this process: spans batched and posted over OTLP/HTTP in the
 * configured encoding, W3C trace context propagation, and the instrumentations of Fastify and the
 * SQL drivers (an ESM loader hook, for those drivers only, lets them patch drivers imported from ES modules).
 */
export function startTracerProvider(settings: Enabled): Tracing {
  // The ESM loader hook intercepts only the instrumented drivers; every other module loads as usual.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: DRIVERS } });
  const exporterOptions = { url: settings.tracesUrl, headers: settings.headers };
  const exporter =
    settings.protocol === 'http/json'
      ? new JsonExporter(exporterOptions)
      : new ProtobufExporter(exporterOptions);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      ...settings.resourceAttributes,
      'service.name': settings.serviceName,
    }),
    sampler: samplerOf(settings),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        // One span per request, parent of the repository and cache spans. A child span for the route
        // handler, or one per lifecycle hook (auth, rate limit, metrics, …), would multiply every
        // request's spans, and the CPU each costs to make and export, for little insight.
        instrumentHooks: false,
        instrumentHandler: false,
        ignorePaths: ({ url }) => PROBES.has(url),
        requestHook: (span, request) => {
          if (request.routeOptions.url) span.updateName(`${request.method} ${request.routeOptions.url}`);
        },
      }),
      new PgInstrumentation({ requireParentSpan: true }),
      new MySQL2Instrumentation(),
      new OracledbInstrumentation({ requireParentSpan: true }),
    ],
  });
  return {
    enabled: true,
    async shutdown() {
      unregister();
      await provider.shutdown().catch(() => undefined);
    },
  };
}

function samplerOf({ sampler, samplerRatio }: Enabled): Sampler {
  const root: Record<string, Sampler> = {
    always_on: new AlwaysOnSampler(),
    always_off: new AlwaysOffSampler(),
    traceidratio: new TraceIdRatioBasedSampler(samplerRatio),
  };
  const [parentBased, name] = sampler.startsWith('parentbased_')
    ? [true, sampler.slice('parentbased_'.length)]
    : [false, sampler];
  const chosen = root[name] ?? new AlwaysOnSampler();
  return parentBased ? new ParentBasedSampler({ root: chosen }) : chosen;
}
