import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import protobuf from 'protobufjs';

/** One span as a receiver got it, in either OTLP/HTTP encoding. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** `service.name` of the process that exported it. */
  service: string;
  /** The instrumentation scope (tracer) name. */
  scope: string;
  attributes: Record<string, unknown>;
  encoding: 'json' | 'protobuf';
}

/** A local OTLP/HTTP traces receiver: the spans posted to `<url>/v1/traces`, decoded. */
export interface OtlpReceiver {
  url: string;
  spans: ReceivedSpan[];
  stop(): Promise<void>;
}

/** The part of opentelemetry/proto/collector/trace/v1 a receiver reads (field numbers as in OTLP). */
const OTLP_TRACES = protobuf.Root.fromJSON({
  nested: {
    ExportTraceServiceRequest: {
      fields: { resourceSpans: { rule: 'repeated', type: 'ResourceSpans', id: 1 } },
    },
    ResourceSpans: {
      fields: {
        resource: { type: 'Resource', id: 1 },
        scopeSpans: { rule: 'repeated', type: 'ScopeSpans', id: 2 },
      },
    },
    Resource: { fields: { attributes: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
    KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
    ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
    AnyValue: {
      fields: {
        stringValue: { type: 'string', id: 1 },
        boolValue: { type: 'bool', id: 2 },
        intValue: { type: 'int64', id: 3 },
        doubleValue: { type: 'double', id: 4 },
        arrayValue: { type: 'ArrayValue', id: 5 },
      },
    },
    ScopeSpans: {
      fields: { scope: { type: 'Scope', id: 1 }, spans: { rule: 'repeated', type: 'Span', id: 2 } },
    },
    Scope: { fields: { name: { type: 'string', id: 1 } } },
    Span: {
      fields: {
        traceId: { type: 'bytes', id: 1 },
        spanId: { type: 'bytes', id: 2 },
        parentSpanId: { type: 'bytes', id: 4 },
        name: { type: 'string', id: 5 },
        attributes: { rule: 'repeated', type: 'KeyValue', id: 9 },
      },
    },
  },
}).lookupType('ExportTraceServiceRequest');

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: unknown;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
}
interface KeyValue {
  key: string;
  value?: AnyValue;
}
interface Request {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        attributes?: KeyValue[];
      }[];
    }[];
  }[];
}

/** An attribute's value: a string, boolean or number, or an array of them. */
const valueOf = (value: AnyValue | undefined): unknown =>
  value?.arrayValue
    ? (value.arrayValue.values ?? []).map(valueOf)
    : (value?.stringValue ?? value?.boolValue ?? value?.doubleValue ?? Number(value?.intValue));

const valuesOf = (attributes: KeyValue[] = []): Record<string, unknown> =>
  Object.fromEntries(attributes.map(({ key, value }) => [key, valueOf(value)]));

/** The request in OTLP/JSON's shape (ids as hex), whichever encoding it came in. */
function decode(body: Buffer, contentType: string): { request: Request; encoding: ReceivedSpan['encoding'] } {
  if (contentType.startsWith('application/json')) {
    return { request: JSON.parse(body.toString('utf8')) as Request, encoding: 'json' };
  }
  const request = OTLP_TRACES.toObject(OTLP_TRACES.decode(body), {
    bytes: Array,
    longs: String,
    defaults: false,
  }) as Request;
  const hex = (id: unknown) => Buffer.from((id as number[] | undefined) ?? []).toString('hex');
  for (const resource of request.resourceSpans ?? []) {
    for (const scope of resource.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        Object.assign(span, {
          traceId: hex(span.traceId),
          spanId: hex(span.spanId),
          parentSpanId: hex(span.parentSpanId),
        });
      }
    }
  }
  return { request, encoding: 'protobuf' };
}

/** Starts a receiver on a free loopback port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const { request, encoding } = decode(Buffer.concat(chunks), req.headers['content-type'] ?? '');
      for (const resource of request.resourceSpans ?? []) {
        const service = String(valuesOf(resource.resource?.attributes)['service.name'] ?? '');
        for (const scope of resource.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            spans.push({
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? '',
              name: span.name,
              service,
              scope: scope.scope?.name ?? '',
              attributes: valuesOf(span.attributes),
              encoding,
            });
          }
        }
      }
      res.writeHead(200, {
        'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
      });
      res.end(encoding === 'json' ? '{}' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `span` and its ancestors in `spans`, nearest first. */
export function ancestry(spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
  const chain = [span];
  for (let at = span; at.parentSpanId;) {
    const parent = spans.find((other) => other.spanId === at.parentSpanId && other.traceId === at.traceId);
    if (!parent) break;
    chain.push(parent);
    at = parent;
  }
  return chain;
}
