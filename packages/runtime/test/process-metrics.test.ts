import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createProcessMetrics } from '../src/index.js';
import type { Container } from '../src/index.js';
import { testContainer } from './support.js';

/** The value of the sample `series` (name and labels as exported) in `text`, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** How often the outbox backlog was read, as the database seam's own metric counts repository calls. */
const BACKLOG_READS = 'db_operation_duration_seconds_count{backend="pglite",method="outbox.backlog"}';

describe('createProcessMetrics', () => {
  let container: Container;

  beforeAll(async () => {
    container = await testContainer({ HEALTH_CHECK_INTERVAL_SECONDS: '3600' }, 'worker');
  });

  afterAll(async () => {
    await container.close(1000);
  });

  it('reads the outbox backlog once per interval however often it is scraped, and ages its oldest entry', async () => {
    await container.db.outbox.add([
      { name: 'order.invoice', payload: { orderId: 'metrics-test' }, key: 'order.invoice@metrics-test' },
    ]);
    const registry = createProcessMetrics(container);
    const first = await registry.metrics();
    for (let i = 0; i < 20; i++) await registry.metrics();
    expect(sample(await registry.metrics(), BACKLOG_READS)).toBe(1);
    expect(sample(first, 'outbox_pending_rows')).toBeGreaterThanOrEqual(1);
    const age = sample(first, 'outbox_oldest_pending_age_seconds') ?? -1;
    expect(age).toBeGreaterThanOrEqual(0);
    // Between reads the age keeps growing from the oldest entry's time, without a read.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const later = await registry.metrics();
    expect(sample(later, 'outbox_oldest_pending_age_seconds')).toBeGreaterThan(age);
    expect(sample(later, BACKLOG_READS)).toBe(1);
  });

  it('exports the secrets cache and, for the in-memory cache without a breaker, no circuit state', async () => {
    await container.secrets.get('JWT_SECRET');
    const text = await createProcessMetrics(container).metrics();
    expect(sample(text, 'secrets_cache_age_seconds{provider="env"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'secrets_refresh_failures_total{provider="env"}')).toBe(0);
    expect(text).not.toContain('cache_circuit_state');
    expect(sample(text, 'adapter_health{port="database",type="pglite"}')).toBe(1);
    expect(text).not.toContain('http_requests_total');
  });
});
