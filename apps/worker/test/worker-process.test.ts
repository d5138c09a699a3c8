import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { runApp } from '@bharatmart/testkit';

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

  it('stops with a clear message for a queue backend not in this build', async () => {
    const { code, output } = await runApp(WORKER_ENTRY, {
      ...base,
      WORKER_MODE: 'bull-queue',
      QUEUE_REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(code).toBe(1);
    expect(output).toContain(
      "WORKER_MODE: 'bull-queue' is a recognised value but its adapter is not available in this build yet",
    );
  });
});
