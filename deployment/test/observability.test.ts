import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  describeWithBinaries,
  describeWithService,
  freePort,
  serviceUrl,
  startApp,
} from '@bharatmart/testkit';
import type { RunningApp } from '@bharatmart/testkit';
import { parse } from 'yaml';
import { ROOT } from './support/shop.js';

const observability = fileURLToPath(new URL('../observability/', import.meta.url));
const prometheus = join(observability, 'prometheus');
const RULES = join(prometheus, 'bharatmart-alerts.yml');
const SCRAPE_CONFIG = join(prometheus, 'prometheus.yml');

type Rule = { alert: string; expr: string; for?: string };
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

/**
 * Series the rules and the dashboard may select that no BharatMart process exports, each with why. A
 * name here that no rule or query selects any more fails the check, so the list cannot outlive its reason.
 */
const PROMETHEUS_SERIES: Record<string, string> = {
  up: "Prometheus's own series per scrape target, 0 when the scrape failed (BharatMartTargetDown)",
};

/** Metric family name → its `# TYPE` (counter, gauge, histogram, summary) in a /metrics text. */
function metricTypes(text: string): Map<string, string> {
  return new Map(
    [...text.matchAll(/^# TYPE (\S+) (\w+)$/gm)].map((match) => [match[1], match[2]] as [string, string]),
  );
}

/**
 * A sample name's metric family: the name itself when a family is so named; a histogram's `_bucket`,
 * `_sum` and `_count` series and a summary's `_sum` and `_count` are their family's; otherwise the name
 * (which then names no exported family: `outbox_pending_rows_count` of the gauge `outbox_pending_rows`).
 */
function family(name: string, types: ReadonlyMap<string, string>): string {
  if (types.has(name)) return name;
  const match = /^(.+)_(bucket|sum|count)$/.exec(name);
  if (match === null) return name;
  const [, base, suffix] = match as unknown as [string, string, string];
  const type = types.get(base);
  if (type === 'histogram' || (type === 'summary' && suffix !== 'bucket')) return base;
  return name;
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

  it('the example scrape configuration passes promtool check config, with the rules it loads', () => {
    const result = promtool(['check', 'config', SCRAPE_CONFIG]);
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS: 1 rule files found');
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
  let worker: RunningApp;
  /** The metric families of the API's and of the worker's /metrics, and of both (the reference). */
  let apiTypes: Map<string, string>;
  let workerTypes: Map<string, string>;
  let types: Map<string, string>;

  beforeAll(async () => {
    const cache = {
      // A networked cache, so the cache's circuit state is exported too.
      CACHE_TYPE: 'redis',
      CACHE_REDIS_URL: serviceUrl('redis'),
      CACHE_KEY_PREFIX: 'bharatmart-observability-test:',
    };
    // A standalone BullMQ worker serving /metrics on WORKER_HEALTH_PORT, as `pnpm start:worker` runs.
    const healthPort = await freePort();
    // Both start at once; each that started is assigned (and stopped after) even if the other failed.
    const started = await Promise.allSettled([
      startApp({
        entry: join(ROOT, 'apps/api/dist/main.js'),
        env: {
          NODE_ENV: 'test',
          PGLITE_DATA_DIR: 'memory://',
          JWT_SECRET: 'observability-test-jwt-secret-of-32-bytes-or-more',
          ...cache,
        },
        timeoutMs: 60_000,
      }).then((app) => (api = app)),
      startApp({
        entry: join(ROOT, 'apps/worker/dist/main.js'),
        env: {
          NODE_ENV: 'test',
          PGLITE_DATA_DIR: 'memory://',
          WORKER_MODE: 'bull-queue',
          QUEUE_REDIS_URL: serviceUrl('redis'),
          QUEUE_PREFIX: `observability-${randomUUID()}`,
          WORKER_HEALTH_PORT: String(healthPort),
          ...cache,
        },
        readyPattern: /"healthPort":\d+,"msg":"worker started"/,
        timeoutMs: 60_000,
      }).then((app) => (worker = app)),
    ]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    await fetch(`${api.baseUrl}/healthz`);
    apiTypes = metricTypes(await (await fetch(`${api.baseUrl}/metrics`)).text());
    workerTypes = metricTypes(await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text());
    types = new Map([...workerTypes, ...apiTypes]);
  }, 150_000);

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
  });

  const unknown = (queries: string[]) =>
    queries.flatMap((expr) =>
      selectedMetrics(expr)
        .filter((name) => !(name in PROMETHEUS_SERIES))
        .map((name) => family(name, types))
        .filter((name) => !types.has(name))
        .map((name) => `${name} in ${expr}`),
    );

  it('the API and the worker both export metrics, of the same type where both export one', () => {
    expect(apiTypes.get('http_requests_total')).toBe('counter');
    expect(workerTypes.has('http_requests_total')).toBe(false);
    for (const name of ['adapter_health', 'jobs', 'outbox_pending_rows', 'job_duration_seconds'])
      expect([name, workerTypes.get(name)]).toEqual([name, expect.any(String)]);
    const differing = [...workerTypes].filter(
      ([name, type]) => apiTypes.has(name) && apiTypes.get(name) !== type,
    );
    expect(differing).toEqual([]);
  });

  it('a series name maps to its family only through a histogram or summary suffix', () => {
    expect(family('http_request_duration_seconds_bucket', types)).toBe('http_request_duration_seconds');
    expect(family('job_duration_seconds_count', types)).toBe('job_duration_seconds');
    expect(family('http_requests_total', types)).toBe('http_requests_total');
    expect(types.get('outbox_pending_rows')).toBe('gauge');
    expect(unknown(['outbox_pending_rows_count{}', 'jobs_bucket{}', 'adapter_health{}'])).toEqual([
      'outbox_pending_rows_count in outbox_pending_rows_count{}',
      'jobs_bucket in jobs_bucket{}',
    ]);
  });

  it('every alert rule selects only exported metrics', () => {
    for (const rule of rules)
      expect([rule.alert, selectedMetrics(rule.expr).length > 0]).toEqual([rule.alert, true]);
    expect(unknown(rules.map((rule) => rule.expr))).toEqual([]);
  });

  it("the series no process exports are Prometheus's, still selected and not exported by BharatMart", () => {
    const selected = new Set(
      [...rules.map((rule) => rule.expr), ...dashboardQueries].flatMap(selectedMetrics),
    );
    for (const name of Object.keys(PROMETHEUS_SERIES)) {
      expect([name, selected.has(name)]).toEqual([name, true]);
      expect([name, types.has(name)]).toEqual([name, false]);
    }
  });

  it('every dashboard query selects only exported metrics', () => {
    expect(dashboardQueries.length).toBeGreaterThan(20);
    for (const expr of dashboardQueries)
      expect([expr, selectedMetrics(expr).length > 0]).toEqual([expr, true]);
    expect(unknown(dashboardQueries)).toEqual([]);
  });

  it("the dashboard shows every metric of BharatMart's own, the API's and the worker's", () => {
    const shown = new Set(dashboardQueries.flatMap(selectedMetrics).map((name) => family(name, types)));
    const own = [...types.keys()].filter((name) => !/^(process|nodejs)_/.test(name));
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

  it("docs/observability.md's metrics table lists exactly BharatMart's own metrics, each with its type", () => {
    const guide = readFileSync(join(ROOT, 'docs/observability.md'), 'utf8');
    const documented = [
      ...guide.matchAll(/^\| `([a-z_:]+)` +\| (counter|gauge|histogram|summary) +\|/gm),
    ].map((row) => [row[1], row[2]]);
    const own = [...types].filter(([name]) => !/^(process|nodejs)_/.test(name));
    expect(documented.length).toBeGreaterThan(10);
    expect(documented.sort()).toEqual(own.sort());
  });
});

describe('the example scrape configuration', () => {
  type ScrapeConfig = { scrape_configs: { job_name: string }[]; rule_files: string[] };
  const config = parse(readFileSync(SCRAPE_CONFIG, 'utf8')) as ScrapeConfig;
  const jobs = config.scrape_configs.map((scrape) => scrape.job_name);

  it('scrapes the jobs the dashboard defaults to and loads the alert rules', () => {
    expect(jobs).toEqual(['bharatmart-api', 'bharatmart-worker']);
    const defaults = dashboard.templating.list
      .filter((variable) => ['api_job', 'worker_job'].includes(variable.name))
      .map((variable) => (variable as { current?: { value?: string } }).current?.value);
    expect(defaults).toEqual(jobs);
    expect(config.rule_files).toEqual(['bharatmart-alerts.yml']);
  });

  it('BharatMartTargetDown watches exactly its jobs, for at least a minute (not paging on a restart)', () => {
    const rule = rules.find((candidate) => candidate.alert === 'BharatMartTargetDown');
    const jobMatcher = /\bup\{job=~"([^"]+)"\}/.exec(rule?.expr ?? '')?.[1];
    expect(jobMatcher?.split('|').sort()).toEqual([...jobs].sort());
    expect(Number(/^(\d+)m$/.exec(rule?.for ?? '')?.[1])).toBeGreaterThanOrEqual(1);
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
