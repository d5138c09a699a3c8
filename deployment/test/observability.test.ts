import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeWithBinaries, describeWithService, serviceUrl, startApp } from '@bharatmart/testkit';
import type { RunningApp } from '@bharatmart/testkit';
import { parse } from 'yaml';
import { ROOT } from './support/shop.js';

const observability = fileURLToPath(new URL('../observability/', import.meta.url));
const prometheus = join(observability, 'prometheus');
const RULES = join(prometheus, 'bharatmart-alerts.yml');

type Rule = { alert: string; expr: string };
const rules = (parse(readFileSync(RULES, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap(
  (group) => group.rules,
);
type Panel = { title: string; type: string; targets?: { expr: string }[]; panels?: Panel[] };
const dashboard = JSON.parse(
  readFileSync(join(observability, 'grafana/bharatmart-dashboard.json'), 'utf8'),
) as { uid: string; panels: Panel[]; templating: { list: { name: string }[] } };
const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
const dashboardQueries = panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));

/**
 * The metric names a PromQL expression selects: every name followed by a label matcher `{` or a range
 * `[` (the rules and the dashboard write every selector so). Quoted strings are ignored.
 */
function selectedMetrics(expr: string): string[] {
  const code = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...code.matchAll(/([A-Za-z_:][\w:]*)\s*[{[]/g)].map((match) => match[1] as string);
}

/** A sample name's metric family: a histogram's `_bucket`, `_sum` and `_count` series are its own. */
function family(name: string, exported: ReadonlySet<string>): string {
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return exported.has(name) ? name : base;
}

describeWithBinaries(['promtool'], 'prometheus', 'the Prometheus alert rules', () => {
  const promtool = (args: string[], cwd = prometheus) =>
    spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 60_000 });

  it('pass promtool check rules', () => {
    const result = promtool(['check', 'rules', RULES]);
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('pass their unit tests (promtool test rules)', () => {
    const result = promtool(['test', 'rules', 'bharatmart-alerts.test.yml']);
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('a broken rule file is refused (the check is real)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bharatmart-rules-'));
    const broken = join(dir, 'broken.yml');
    writeFileSync(
      broken,
      'groups:\n  - name: x\n    rules:\n      - alert: X\n        expr: rate(http_requests_total{}[5m]\n',
    );
    expect(promtool(['check', 'rules', broken], dir).status).not.toBe(0);
  });

  it('have a unit test for every alert', () => {
    const tests = readFileSync(join(prometheus, 'bharatmart-alerts.test.yml'), 'utf8');
    const tested = new Set([...tests.matchAll(/alertname: (\w+)/g)].map((match) => match[1]));
    expect(rules.map((rule) => rule.alert).filter((alert) => !tested.has(alert))).toEqual([]);
  });
});

await describeWithService('redis', 'the rules and the dashboard name metrics /metrics exports', () => {
  let api: RunningApp;
  let exported: Set<string>;

  beforeAll(async () => {
    // A networked cache, so the cache's circuit state is exported too.
    api = await startApp({
      entry: join(ROOT, 'apps/api/dist/main.js'),
      env: {
        NODE_ENV: 'test',
        PGLITE_DATA_DIR: 'memory://',
        JWT_SECRET: 'observability-test-jwt-secret-of-32-bytes-or-more',
        CACHE_TYPE: 'redis',
        CACHE_REDIS_URL: serviceUrl('redis'),
        CACHE_KEY_PREFIX: 'bharatmart-observability-test:',
      },
      timeoutMs: 60_000,
    });
    await fetch(`${api.baseUrl}/healthz`);
    const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
    exported = new Set([...text.matchAll(/^# TYPE (\S+) (\w+)$/gm)].map((match) => match[1] as string));
  }, 90_000);

  afterAll(async () => {
    await api?.stop();
  });

  const unknown = (queries: string[]) =>
    queries.flatMap((expr) =>
      selectedMetrics(expr)
        .map((name) => family(name, exported))
        .filter((name) => !exported.has(name))
        .map((name) => `${name} in ${expr}`),
    );

  it('every alert rule selects only exported metrics', () => {
    for (const rule of rules)
      expect([rule.alert, selectedMetrics(rule.expr).length > 0]).toEqual([rule.alert, true]);
    expect(unknown(rules.map((rule) => rule.expr))).toEqual([]);
  });

  it('every dashboard query selects only exported metrics', () => {
    expect(dashboardQueries.length).toBeGreaterThan(20);
    for (const expr of dashboardQueries)
      expect([expr, selectedMetrics(expr).length > 0]).toEqual([expr, true]);
    expect(unknown(dashboardQueries)).toEqual([]);
  });

  it("the dashboard shows every metric of BharatMart's own", () => {
    const shown = new Set(dashboardQueries.flatMap(selectedMetrics).map((name) => family(name, exported)));
    const own = [...exported].filter((name) => !/^(process|nodejs)_/.test(name));
    expect(own).toEqual(
      expect.arrayContaining([
        'outbox_pending_rows',
        'outbox_oldest_pending_age_seconds',
        'cache_circuit_state',
        'db_operation_duration_seconds',
        'cache_operations_total',
        'job_duration_seconds',
      ]),
    );
    expect(own.filter((name) => !shown.has(name))).toEqual([]);
  });
});

describe('the Grafana dashboard', () => {
  it('has a stable uid, a Prometheus data source variable and unique panel ids', () => {
    expect(dashboard.uid).toBe('bharatmart-overview');
    expect(dashboard.templating.list.map((variable) => variable.name)).toEqual(
      expect.arrayContaining(['datasource', 'api_job', 'worker_job']),
    );
    const ids = panels.map((panel) => (panel as Panel & { id: number }).id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the OpenTelemetry Collector example', () => {
  type Pipeline = { receivers: string[]; processors?: string[]; exporters: string[] };
  const config = parse(readFileSync(join(observability, 'otel-collector/otel-collector.yaml'), 'utf8')) as {
    extensions?: Record<string, unknown>;
    receivers: Record<string, { protocols?: { http?: { endpoint?: string } } }>;
    processors?: Record<string, unknown>;
    exporters: Record<string, { endpoint?: string }>;
    service: { extensions?: string[]; pipelines: Record<string, Pipeline> };
  };

  it('receives OTLP over HTTP on 4318 and forwards traces to an exporter', () => {
    expect(config.receivers.otlp?.protocols?.http?.endpoint).toBe('0.0.0.0:4318');
    const traces = config.service.pipelines.traces;
    expect(traces?.receivers).toEqual(['otlp']);
    expect(traces?.exporters.length).toBeGreaterThan(0);
    expect(config.exporters.otlphttp?.endpoint).toBe('${env:TRACES_BACKEND_ENDPOINT}');
  });

  it('names in its pipelines only components it defines', () => {
    const undefinedComponents = Object.entries(config.service.pipelines).flatMap(([name, pipeline]) => [
      ...pipeline.receivers.filter((id) => !(id in config.receivers)).map((id) => `${name}: receiver ${id}`),
      ...(pipeline.processors ?? [])
        .filter((id) => !(id in (config.processors ?? {})))
        .map((id) => `${name}: processor ${id}`),
      ...pipeline.exporters.filter((id) => !(id in config.exporters)).map((id) => `${name}: exporter ${id}`),
    ]);
    const extensions = (config.service.extensions ?? []).filter((id) => !(id in (config.extensions ?? {})));
    expect([...undefinedComponents, ...extensions]).toEqual([]);
    // The memory limiter must run first to protect the collector.
    expect(config.service.pipelines.traces?.processors?.[0]).toBe('memory_limiter');
  });
});
