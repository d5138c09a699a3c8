import { context, trace } from '@opentelemetry/api';

/**
 * pino `mixin`: `trace_id` and `span_id` of the active span, so a log line can be found from its
 * trace and back; nothing when no span is active (always, with tracing off).
 */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
