import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const BUILT = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** The OpenTelemetry SDK modules a fresh process has loaded after `startTracing(settings)`. */
function sdkModulesAfter(settings: object): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const { startTracing } = await import(${JSON.stringify(BUILT)});
    const tracing = await startTracing(${JSON.stringify(settings)});
    const loaded = Object.keys(createRequire(import.meta.url).cache)
      .filter((file) => /sdk-trace|exporter-trace-otlp|@fastify[\\/]otel|instrumentation-pg/.test(file));
    await tracing.shutdown();
    process.stdout.write(JSON.stringify(loaded));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as string[];
}

describe('startTracing', () => {
  it('with tracing off loads nothing of the OpenTelemetry SDK', () => {
    expect(sdkModulesAfter({ enabled: false })).toEqual([]);
  });

  it('with tracing on loads the SDK, the OTLP exporter and the instrumentations', () => {
    const loaded = sdkModulesAfter({
      enabled: true,
      serviceName: 'test',
      resourceAttributes: {},
      tracesUrl: 'http://127.0.0.1:9/v1/traces',
      protocol: 'http/json',
      headers: {},
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
    });
    for (const module of ['sdk-trace-node', 'exporter-trace-otlp-http', 'fastify', 'instrumentation-pg']) {
      expect(loaded.some((file) => file.includes(module))).toBe(true);
    }
  });
});
