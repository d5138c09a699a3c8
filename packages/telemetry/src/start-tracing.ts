import type { TracingSettings } from './tracing-settings.js';

/** The tracing of one process; `shutdown` exports the spans still buffered. */
export interface Tracing {
  readonly enabled: boolean;
  /** Exports what is buffered and stops the SDK; resolves (never rejects) once done. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { enabled: false, shutdown: () => Promise.resolve() };

/**
 * Starts tracing as `settings` say. Off: resolves at once and imports nothing of the OpenTelemetry
 * SDK (the API's no-op tracer then costs nothing). On: loads the SDK, registers the tracer provider,
 * the W3C propagator and the instrumentations of Fastify, pg, mysql2 and oracledb. Call it before the
 * container is created, so the drivers are instrumented as the adapters load them.
 */
export async function startTracing(settings: TracingSettings): Promise<Tracing> {
  if (!settings.enabled) return OFF;
  const { startTracerProvider } = await import('./sdk/tracer-provider.js');
  return startTracerProvider(settings);
}
