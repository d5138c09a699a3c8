import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { isAdapterError, type IDatabaseAdapter } from '@bharatmart/core';
import { createMysqlDatabase } from '@bharatmart/database-mysql';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import { hasSqlAccess, readSwitchRecord, type SwitchPhaseName } from '@bharatmart/database-sql';
import { describeWithService, useMysqlTestDatabase, usePostgresTestDatabase } from '@bharatmart/testkit';
import { seedShop, startShopLoad, type ShopLoad } from './shop-load.js';

const DB_SWITCH = fileURLToPath(new URL('../../dist/cli/db-switch.js', import.meta.url));

/** The fence's lease (15 s) plus room for a busy machine. */
const LEASE_AND_MARGIN_MS = 25_000;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** How long a switch held at a phase waits for its kill before giving up (within the test's timeout). */
const HOLD_MS = 60_000;

/**
 * Loaded into the switch's process (`node --import`) when a test kills it at a phase: the moment
 * the script prints that phase's start line, the line is written out and the process's only thread
 * blocks, before the engine (which prints the line from its event callback just before the phase's
 * work) runs any of that phase. The switch therefore stands at the start of the phase until the test
 * kills it, however late the kill comes: a kill as 'verify' starts cannot land after the flip. A
 * switch not killed within HOLD_MS exits with status 3 and says so.
 */
const HOLD_AT_PHASE = `
import { writeSync } from 'node:fs';
const marker = process.env.SWITCH_TEST_HOLD_AT + ': started';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (!String(chunk).includes(marker)) return write(chunk, ...rest);
  writeSync(1, String(chunk));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${HOLD_MS});
  writeSync(2, 'held at "' + marker + '" for ${HOLD_MS} ms and never killed\\n');
  process.exit(3);
};
`;

/**
 * Runs `pnpm db:switch`'s script and, when `killAt` is given, holds it as it prints that phase's
 * start (see HOLD_AT_PHASE) and kills it there with SIGKILL: no cleanup code of the switch runs, its
 * connections just drop.
 */
function runSwitch(env: Record<string, string>, killAt?: SwitchPhaseName): Promise<Run> {
  return new Promise((resolve, reject) => {
    const hold = killAt ? ['--import', `data:text/javascript,${encodeURIComponent(HOLD_AT_PHASE)}`] : [];
    const child = spawn(process.execPath, [...hold, DB_SWITCH], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        ...(killAt ? { SWITCH_TEST_HOLD_AT: killAt } : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (killAt && output.includes(`${killAt}: started`)) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

/** Writes to the source until one is accepted; a fence a killed switch left behind lapses with its lease. */
async function sourceTakesWrites(source: IDatabaseAdapter, label: string): Promise<void> {
  const product = (await source.products.list({ limit: 1, offset: 0 })).items[0]!;
  const deadline = Date.now() + LEASE_AND_MARGIN_MS;
  for (;;) {
    try {
      await source.products.update(product.id, { name: `written after a kill at ${label}` });
      return;
    } catch (error) {
      if (!isAdapterError(error, 'WRITES_PAUSED') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

await describeWithService(['postgres', 'mariadb'], 'pnpm db:switch killed (SIGKILL) at each phase', () => {
  const from = useMysqlTestDatabase('killed_switch_source');
  const to = usePostgresTestDatabase('killed_switch_target');
  let source: IDatabaseAdapter;
  let target: IDatabaseAdapter;
  let env: Record<string, string>;
  let load: ShopLoad;
  beforeAll(async () => {
    source = createMysqlDatabase({ uri: from().url });
    target = createPostgresDatabase({ connectionString: to().url });
    env = {
      DATABASE_TYPE: 'mysql',
      MYSQL_URL: from().url,
      NEXT_DATABASE_TYPE: 'postgresql',
      NEXT_DATABASE_URL: to().url,
    };
    const shop = await seedShop(source, 2);
    load = startShopLoad(() => source, shop, 20);
    await load.succeeded(3);
  });
  afterAll(async () => {
    await load?.stop();
    await source?.close();
    await target?.close();
  });

  // Not 'flip': the engine suite stops a switch as the flip starts, and the flip itself is one
  // statement, which either commits or does not.
  const phases: SwitchPhaseName[] = ['prepare', 'copy', 'catch-up', 'fence', 'final-catch-up', 'verify'];
  it.each(phases)(
    'killed as %s starts, under a load of writers: the source serves on, unflipped',
    async (phase) => {
      const run = await runSwitch(env, phase);
      expect(run.signal).toBe('SIGKILL');
      if (!hasSqlAccess(source)) throw new Error('no SQL access');
      const record = await readSwitchRecord(source.sqlAccess, 'mysql');
      expect(record?.phase).not.toBe('flipped');
      await sourceTakesWrites(source, phase);
      await load.succeeded(3);
    },
    LEASE_AND_MARGIN_MS + 60_000,
  );

  it('a new run completes after the kills, and every write the load saw succeed is on the target', async () => {
    const run = await runSwitch(env);
    const outcome = await load.stop();
    expect(run.output).toMatch(/Flipped to postgresql/);
    expect(run.code).toBe(0);
    expect(outcome.failures).toEqual([]);
    const orders = await Promise.all(outcome.orders.map((id) => target.orders.get(id)));
    expect(orders.every(Boolean)).toBe(true);
    for (const id of outcome.cancelled) {
      expect((await target.orders.get(id))?.status).toBe('cancelled');
    }
    for (const [id, name] of outcome.names) {
      expect((await target.products.get(id))?.name).toBe(name);
    }
  }, 120_000);
});
