import { context, propagation } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { TraceCarrier } from '@bharatmart/core';

/**
 * The active trace context as a W3C carrier, or undefined when no span is active (tracing off, or
 * nothing traced): then nothing is added to a payload.
 */
export function currentCarrier(): TraceCarrier | undefined {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** The context a payload's `trace` names (the job's parent), or the active one when it has none. */
export function contextOf(payload: unknown): Context {
  const trace = (payload as { trace?: unknown } | null)?.trace;
  if (typeof trace !== 'object' || trace === null) return context.active();
  return propagation.extract(context.active(), trace);
}
