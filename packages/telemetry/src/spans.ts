import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span } from '@opentelemetry/api';

/** The tracer of every span BharatMart makes itself (drivers' and Fastify's have their own). */
export const tracer = trace.getTracer('@bharatmart/telemetry');

/** True when a recording span is active: the adapters' spans are made only inside a trace. */
export function insideTrace(): boolean {
  return trace.getSpan(context.active())?.isRecording() ?? false;
}

/**
 * Runs `work` inside a new span (child of `parent`, default the active context), ending it when the
 * promise settles; a rejection is recorded on the span and rethrown unchanged.
 */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes ? { attributes: options.attributes } : {}),
    },
    options.parent ?? context.active(),
  );
  try {
    return await context.with(trace.setSpan(options.parent ?? context.active(), span), () => work(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    span.end();
  }
}

export { SpanKind };
