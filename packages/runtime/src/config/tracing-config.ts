import type { OtlpProtocol, TraceSampler, TracingSettings } from '@bharatmart/telemetry';

const DEFAULT_BASE = 'http://localhost:4318';

/** Tracing as configured; `serviceName` absent means the process role's default. */
export type TracingConfig =
  | { enabled: false }
  | (Omit<Extract<TracingSettings, { enabled: true }>, 'serviceName'> & { serviceName?: string });

/** The parsed OTEL_* variables (declared in general-settings.ts). */
interface OtelVariables {
  OTEL_TRACES_EXPORTER?: 'otlp' | 'none' | undefined;
  OTEL_SDK_DISABLED: boolean;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_PROTOCOL: OtlpProtocol;
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?: OtlpProtocol | undefined;
  OTEL_EXPORTER_OTLP_HEADERS?: string | undefined;
  OTEL_SERVICE_NAME?: string | undefined;
  OTEL_RESOURCE_ATTRIBUTES?: string | undefined;
  OTEL_TRACES_SAMPLER: TraceSampler;
  OTEL_TRACES_SAMPLER_ARG: number;
}

/**
 * Tracing from the OTEL_* variables, with their standard meanings: on when OTEL_TRACES_EXPORTER is
 * `otlp`, or unset while an OTLP endpoint is given; never with OTEL_SDK_DISABLED. The traces-specific
 * endpoint and protocol win over the general ones; the general endpoint gets `/v1/traces` appended.
 * The headers (they may hold an API key) are a non-enumerable member, so no printout, JSON or spread
 * of the configuration ever shows them; read `headers` by name.
 */
export function tracingOf(vars: OtelVariables): TracingConfig {
  const base = vars.OTEL_EXPORTER_OTLP_ENDPOINT;
  const tracesUrl = vars.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const exporter = vars.OTEL_TRACES_EXPORTER ?? (base || tracesUrl ? 'otlp' : 'none');
  if (exporter === 'none' || vars.OTEL_SDK_DISABLED) return { enabled: false };
  const settings = {
    enabled: true as const,
    ...(vars.OTEL_SERVICE_NAME ? { serviceName: vars.OTEL_SERVICE_NAME } : {}),
    resourceAttributes: keyValues(vars.OTEL_RESOURCE_ATTRIBUTES),
    tracesUrl: tracesUrl ?? `${(base ?? DEFAULT_BASE).replace(/\/+$/, '')}/v1/traces`,
    protocol: vars.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? vars.OTEL_EXPORTER_OTLP_PROTOCOL,
    sampler: vars.OTEL_TRACES_SAMPLER,
    samplerRatio: vars.OTEL_TRACES_SAMPLER_ARG,
  };
  return Object.defineProperty(settings, 'headers', {
    value: keyValues(vars.OTEL_EXPORTER_OTLP_HEADERS),
    enumerable: false,
  }) as typeof settings & { headers: Record<string, string> };
}

/** `a=1,b=x%20y` as `{ a: '1', b: 'x y' }`: the W3C baggage-like list the OTEL_* variables use. */
function keyValues(list: string | undefined): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const item of (list ?? '').split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) continue;
    pairs[decodeURIComponent(item.slice(0, at).trim())] = decodeURIComponent(item.slice(at + 1).trim());
  }
  return pairs;
}
