import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig, redactedConfig } from '../src/index.js';

describe('tracing settings (OTEL_*)', () => {
  it('are off by default, and with OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED whatever else is set', () => {
    expect(loadConfig({}).tracing).toEqual({ enabled: false });
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(loadConfig({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }).tracing).toEqual({ enabled: false });
    expect(loadConfig({ ...endpoint, OTEL_SDK_DISABLED: 'true' }).tracing).toEqual({ enabled: false });
  });

  it('turn on with an endpoint, posting to <endpoint>/v1/traces as http/protobuf with the parent-based sampler', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      enabled: true,
      resourceAttributes: {},
      tracesUrl: 'http://collector:4318/v1/traces',
      protocol: 'http/protobuf',
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
    });
  });

  it('turn on with OTEL_TRACES_EXPORTER=otlp alone, to the standard local collector', () => {
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp' }).tracing).toMatchObject({
      enabled: true,
      tracesUrl: 'http://localhost:4318/v1/traces',
    });
  });

  it('let the traces-specific endpoint and protocol win, and read the lists of the standard variables', () => {
    const config = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.in/otlp/v1/traces',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cr3t%2Bkey,tenant=bharatmart',
      OTEL_SERVICE_NAME: 'checkout-api',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging,service.namespace=shop',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(config.tracing).toEqual({
      enabled: true,
      serviceName: 'checkout-api',
      resourceAttributes: { 'deployment.environment.name': 'staging', 'service.namespace': 'shop' },
      tracesUrl: 'https://traces.example.in/otlp/v1/traces',
      protocol: 'http/json',
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
    });
    expect(config.tracing.enabled && config.tracing.headers).toEqual({
      'x-api-key': 's3cr3t+key',
      tenant: 'bharatmart',
    });
    expect(JSON.stringify(redactedConfig(config))).not.toContain('s3cr3t');
    expect(JSON.stringify({ ...config.tracing })).not.toContain('s3cr3t');
  });

  it('refuse what the SDK here cannot do, naming the variable', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.issues.map((issue) => issue.variable);
      }
      return [];
    };
    expect(refused({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toEqual(['OTEL_EXPORTER_OTLP_PROTOCOL']);
    expect(refused({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT']);
    expect(refused({ OTEL_TRACES_SAMPLER_ARG: '2' })).toEqual(['OTEL_TRACES_SAMPLER_ARG']);
  });
});
