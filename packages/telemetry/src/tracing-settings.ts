/** Samplers by their OTEL_TRACES_SAMPLER names. */
export const TRACE_SAMPLERS = [
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'always_on',
  'always_off',
  'traceidratio',
] as const;

export type TraceSampler = (typeof TRACE_SAMPLERS)[number];

/** The OTLP/HTTP encodings spans can be exported in (OTEL_EXPORTER_OTLP_PROTOCOL). */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;

export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** How a process traces, as the configuration built it from the OTEL_* variables. */
export type TracingSettings =
  | { enabled: false }
  | {
      enabled: true;
      /** `service.name` of every span. */
      serviceName: string;
      /** Further resource attributes (OTEL_RESOURCE_ATTRIBUTES). */
      resourceAttributes: Record<string, string>;
      /** The full URL spans are posted to, e.g. `http://localhost:4318/v1/traces`. */
      tracesUrl: string;
      protocol: OtlpProtocol;
      /** Sent with every export, e.g. an API key (a credential: never printed). */
      headers: Record<string, string>;
      sampler: TraceSampler;
      /** The ratio of the `traceidratio` samplers, 0–1. */
      samplerRatio: number;
    };
