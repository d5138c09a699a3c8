import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { describeWithService, eventually, freePort, runApp, serviceUrl, startApp } from '@bharatmart/testkit';

const WORKER_ENTRY = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const base = { NODE_ENV: 'test', PGLITE_DATA_DIR: 'memory://' };

describe('pnpm start:worker', () => {
  it('under WORKER_MODE=in-process explains that the API runs the jobs, and exits', async () => {
    const { code, output } = await runApp(WORKER_ENTRY, { ...base, WORKER_MODE: 'in-process' });
    expect(code).toBe(0);
    expect(output).toContain('WORKER_MODE=in-process: the API process runs every job itself');
  });

  it('under WORKER_MODE=none says there is nothing to process, and exits', async () => {
    const { code, output } = await runApp(WORKER_ENTRY, { ...base, WORKER_MODE: 'none' });
    expect(code).toBe(0);
    expect(output).toContain('WORKER_MODE=none');
  });

  it('stops with a clear message naming a database secret found nowhere', async () => {
    const { code, output } = await runApp(WORKER_ENTRY, {
      ...base,
      WORKER_MODE: 'bull-queue',
      QUEUE_REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_TYPE: 'oci-autonomous',
      OCI_DB_CONNECTION_STRING: 'bharatmart_high',
      OCI_DB_USER: 'BHARATMART',
    });
    expect(code).toBe(1);
    expect(output).toContain(
      'OCI_DB_PASSWORD: is required for DATABASE_TYPE=oci-autonomous and was found in no secrets provider',
    );
  });
});

await describeWithService('redis', 'a standalone BullMQ worker', () => {
  it('serves /healthz, /readyz and /metrics on WORKER_HEALTH_PORT and stops cleanly on SIGTERM', async () => {
    const worker = await startApp({
      entry: WORKER_ENTRY,
      env: {
        ...base,
        WORKER_MODE: 'bull-queue',
        QUEUE_REDIS_URL: serviceUrl('redis'),
        QUEUE_PREFIX: `health-${randomUUID()}`,
        WORKER_HEALTH_PORT: String(await freePort()),
        // The scheduled jobs then run within a second or two, so the job histogram has a series.
        SCHEDULE_INTERVAL_SECONDS: '1',
      },
      readyPattern: /"healthPort":\d+,"msg":"worker started"/,
    });
    try {
      const port = /"healthPort":(\d+)/.exec(worker.output())?.[1];
      const healthz = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(healthz.status).toBe(200);
      const readyz = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(readyz.status).toBe(200);
      expect(await readyz.json()).toMatchObject({ status: 'ready', consuming: true });
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await metrics.text();
      const jobRan =
        /^job_duration_seconds_count\{job_name="order\.expire-unpaid",outcome="completed"\} [1-9]\d*$/m;
      const scraped = await eventually(async () => {
        const again = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return jobRan.test(again) ? again : undefined;
      }, 20_000);
      expect(scraped).toMatch(
        /^db_operation_duration_seconds_count\{backend="pglite",method="[a-z]+\.[A-Za-z]+"\} \d+$/m,
      );
      expect(text).toMatch(/^adapter_health\{port="worker",type="bull-queue"\} 1$/m);
      expect(text).toMatch(/^jobs\{queue="[^"]+",state="waiting"\} \d+$/m);
      expect(text).toMatch(/^outbox_pending_rows \d+$/m);
      expect(text).toMatch(/^outbox_oldest_pending_age_seconds [\d.e+-]+$/m);
      expect(text).toMatch(/^secrets_refresh_failures_total\{provider="env"\} 0$/m);
      // The worker serves no HTTP API, so no HTTP metrics.
      expect(text).not.toContain('http_requests_total');
    } finally {
      expect(await worker.stop()).toBe(0);
    }
  });
});
