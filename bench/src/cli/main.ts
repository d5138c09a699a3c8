import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupAll } from '../core/cleanup.js';
import { BUDGETS, type Budget } from '../core/interleave.js';
import { formatTable, skipped, writeResults, type ResultRow } from '../core/results.js';
import { cacheOverhead } from '../sections/cache-overhead.js';
import { dbOverhead } from '../sections/db-overhead.js';
import { httpSection } from '../sections/http.js';
import { liveSwitch } from '../sections/live-switch.js';
import { nginxVsDirect, scaling } from '../sections/scaling.js';
import { soak, SOAK_RATE } from '../sections/soak.js';
import { searchSection } from '../sections/search.js';
import { tracingOverhead } from '../sections/tracing-overhead.js';
import { workerOverhead } from '../sections/worker-overhead.js';

const quick = process.argv.includes('--quick');
/** Only the live switch's section, for measuring the switch without the rest (about 8 minutes). */
const switchOnly = process.argv.includes('--live-switch');
/** Only the product search rows of section 3 (#20), at 10,000 and 100,000 products. */
const searchOnly = process.argv.includes('--search');
/** Only the tracing section (about a minute with --quick). */
const tracingOnly = process.argv.includes('--tracing');
const benchRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const started = performance.now();
const log = (line: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await cleanupAll((message) => console.error(message));
  process.exit(code);
};
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));

/**
 * `--soak [minutes] [--rate N]`: the long mixed-load run alone (default 10 minutes at SOAK_RATE
 * requests a second); see sections/soak.ts.
 */
const soakAt = process.argv.indexOf('--soak');
if (soakAt >= 0) {
  const minutesArg = process.argv[soakAt + 1];
  const minutes = minutesArg === undefined || minutesArg.startsWith('--') ? 10 : Number(minutesArg);
  if (!Number.isInteger(minutes) || minutes < 4) {
    console.error(
      '--soak takes whole minutes, at least 4 (the drift is judged on minutes 2–3 against the last two)',
    );
    process.exit(2);
  }
  const rateAt = process.argv.indexOf('--rate');
  const rate = rateAt >= 0 ? Number(process.argv[rateAt + 1]) : SOAK_RATE;
  if (!Number.isInteger(rate) || rate < 1) {
    console.error('--rate takes a whole number of requests a second, at least 1');
    process.exit(2);
  }
  try {
    const failures = await soak(minutes, rate, join(benchRoot, 'results'), log);
    log(failures.length === 0 ? 'soak passed' : `soak FAILED:\n  ${failures.join('\n  ')}`);
    process.exitCode = failures.length === 0 ? 0 : 1;
  } catch (error) {
    console.error('soak failed:', error);
    process.exitCode = 1;
  } finally {
    await cleanupAll((message) => console.error(message));
  }
  process.exit();
}

const rows: ResultRow[] = [];
try {
  const budget = quick ? BUDGETS.quick : BUDGETS.full;
  log(
    `BharatMart bench (${switchOnly ? 'live switch only' : searchOnly ? 'search only' : tracingOnly ? 'tracing only' : quick ? 'quick' : 'full'}); load average at start ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  if (switchOnly) {
    rows.push(...(await liveSwitch(10_000, 5, log)));
  } else if (searchOnly) {
    rows.push(...(await searchSection(4, 2, log)));
  } else if (tracingOnly) {
    rows.push(...(await tracingOverhead(budget, httpBudgetOf(quick), log)));
  } else {
    await allSections(budget);
  }
} catch (error) {
  console.error('bench failed:', error);
  process.exitCode = 1;
} finally {
  await cleanupAll((message) => console.error(message));
}

/** Durations of the HTTP comparisons. */
function httpBudgetOf(quickRun: boolean) {
  return quickRun
    ? { rounds: 1, seconds: 2, warmupSeconds: 1, orderWarmupSeconds: 4, products: 1_000 }
    : { rounds: 4, seconds: 2, warmupSeconds: 2, orderWarmupSeconds: 12, products: 1_000 };
}

/** Every section in turn (the quick run leaves out scaling and the live switch). */
async function allSections(budget: Budget): Promise<void> {
  rows.push(...(await dbOverhead(budget, log)));
  rows.push(...(await cacheOverhead(budget, log)));
  rows.push(...(await workerOverhead(budget, log)));
  const httpBudget = httpBudgetOf(quick);
  const http = await httpSection(httpBudget, quick ? ['pglite'] : ['pglite', 'postgresql'], log);
  rows.push(...http.rows);
  if (http.keep) {
    log('nginx vs direct');
    try {
      rows.push(
        ...(await nginxVsDirect(http.keep.api, http.keep.fixture, httpBudget.rounds, httpBudget.seconds)),
      );
    } catch (error) {
      rows.push(
        skipped('nginx: GET product by id (via nginx vs direct)', 'ms p50', `failed: ${String(error)}`, 1.3),
      );
    }
    await http.keep.api.stop();
    await http.keep.bare.stop();
  }
  rows.push(...(await tracingOverhead(budget, httpBudget, log)));
  if (!quick) rows.push(...(await scaling(httpBudget.rounds, httpBudget.seconds, log)));
  if (!quick) rows.push(...(await liveSwitch(10_000, 5, log)));
}
console.log(`\n${formatTable(rows)}\n`);
const mode = switchOnly
  ? 'live-switch'
  : searchOnly
    ? 'search'
    : tracingOnly
      ? 'tracing'
      : quick
        ? 'quick'
        : 'full';
const file = {
  'live-switch': 'live-switch.json',
  search: 'search.json',
  tracing: 'tracing.json',
  quick: 'latest-quick.json',
  full: 'latest.json',
}[mode];
const path = join(benchRoot, 'results', file);
await writeResults(path, mode, rows);
log(
  `results written to ${path}; load average at end ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
