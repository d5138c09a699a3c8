import { randomUUID } from 'node:crypto';
import {
  isAdapterError,
  pendingJob,
  seedDemoCatalog,
  type IDatabaseAdapter,
  type Product,
  type User,
} from '@bharatmart/core';
import { createMysqlDatabase } from '@bharatmart/database-mysql';
import { createPostgresDatabase } from '@bharatmart/database-postgres';
import { hasSqlAccess, switchDatabase, type SwitchEvent } from '@bharatmart/database-sql';
import { onCleanup } from '../core/cleanup.js';
import { row, skipped, type ResultRow } from '../core/results.js';
import { freshMysqlDatabase, freshPostgresDatabase, unreachable } from '../core/services.js';
import { median } from '../core/stats.js';

/** The budget for the write pause, with this many orders already in the source. */
const PAUSE_BUDGET_MS = 2_000;
const WRITERS = 2;
const WRITER_THINK_MS = 10;

type Side = 'postgresql' | 'mysql';

/** One switch's figures. */
interface SwitchFigures {
  /** How long each phase under the fence took. */
  underFence: string;
  pauseMs: number;
  /** Rows per second of the initial copy. */
  copyRate: number;
  /** Changes per second applied by the catch-up rounds (before the fence). */
  catchUpRate: number;
  from: Side;
  to: Side;
}

async function openSide(side: Side, label: string): Promise<IDatabaseAdapter> {
  const adapter =
    side === 'postgresql'
      ? createPostgresDatabase({ connectionString: await freshPostgresDatabase(label) })
      : createMysqlDatabase({ uri: await freshMysqlDatabase(label) });
  onCleanup(`switch database ${label}`, () => adapter.close());
  await adapter.migrations.latest();
  return adapter;
}

/** The demo catalog, one customer per writer, and `orders` orders placed in parallel batches. */
async function seedOrders(
  db: IDatabaseAdapter,
  orders: number,
): Promise<{ users: User[]; products: Product[] }> {
  await seedDemoCatalog(db);
  const products = (await db.products.list({ limit: 100, offset: 0 })).items;
  for (const product of products) await db.products.update(product.id, { stock: 10_000_000 });
  const users: User[] = [];
  for (let index = 0; index < WRITERS; index++) {
    users.push(
      await db.users.create({
        email: `switch-${index}-${randomUUID()}@example.in`,
        name: `Switch ${index}`,
        passwordHash: 'x',
        role: 'customer',
      }),
    );
  }
  const batch = 16;
  for (let placed = 0; placed < orders; placed += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, orders - placed) }, (_, offset) =>
        db.orders.create({
          userId: users[(placed + offset) % users.length]!.id,
          items: [{ productId: products[(placed + offset) % products.length]!.id, quantity: 1 }],
          jobs: (orderId) => [pendingJob('payment.charge', { orderId }, `charge-${orderId}`)],
        }),
      ),
    );
  }
  return { users, products };
}

/**
 * Writers placing orders on whichever database `current()` names, as a shop's processes do; a write
 * refused while the fence holds is tried again a little later (the processes hold such writes too).
 */
function startWriters(current: () => IDatabaseAdapter, shop: { users: User[]; products: Product[] }) {
  let running = true;
  let failures = 0;
  const loops = shop.users.map(async (user, writer) => {
    for (let step = 0; running; step++) {
      try {
        await current().orders.create({
          userId: user.id,
          items: [{ productId: shop.products[step % shop.products.length]!.id, quantity: 1 }],
          jobs: (orderId) => [pendingJob('payment.charge', { orderId }, `charge-${orderId}`)],
        });
      } catch (error) {
        if (!isAdapterError(error, 'WRITES_PAUSED')) failures++;
      }
      await new Promise((resolve) => setTimeout(resolve, WRITER_THINK_MS + writer));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return failures;
    },
  };
}

/**
 * One switch under the writers' load. While the copy runs, every order of the source is touched once
 * (one statement), so the catch-up starts with a backlog as large as the shop: its rate is the rate
 * of a catch-up that has real work to do.
 */
async function measureSwitch(
  source: IDatabaseAdapter,
  target: IDatabaseAdapter,
  from: Side,
  to: Side,
): Promise<SwitchFigures> {
  if (!hasSqlAccess(source)) throw new Error(`${from} has no SQL access`);
  const { db } = source.sqlAccess;
  // Time spent in each phase, summed over its runs (catch-up runs before and after the comparison).
  const spent = new Map<string, number>();
  let current: { phase: string; start: number } | undefined;
  let touched: Promise<unknown> | undefined;
  let caughtUp = 0;
  const onEvent = (event: SwitchEvent) => {
    if (event.kind === 'phase' && event.state === 'start') {
      current = { phase: event.phase, start: event.elapsedMs };
      if (event.phase === 'copy') touched = db.updateTable('orders').set({ currency: 'INR' }).execute();
    }
    if (event.kind === 'phase' && event.state === 'done' && current) {
      spent.set(event.phase, (spent.get(event.phase) ?? 0) + event.elapsedMs - current.start);
    }
    if (event.kind === 'catch-up' && current?.phase === 'catch-up') caughtUp += event.applied;
  };
  const report = await switchDatabase({ source, target, targetType: to, onEvent });
  await touched;
  const seconds = (phase: string) => Math.max(spent.get(phase) ?? Number.NaN, 1) / 1000;
  const underFence = ['compare', 'fence', 'final-catch-up', 'verify', 'flip']
    .map((phase) => `${phase} ${Math.round(seconds(phase) * 1000)} ms`)
    .join(', ');
  return {
    underFence,
    pauseMs: report.writePauseMs,
    copyRate: report.copiedRows / seconds('copy'),
    catchUpRate: caughtUp / seconds('catch-up'),
    from,
    to,
  };
}

/**
 * The live switch's bench: five switches of a shop with `orders` orders, PostgreSQL → MySQL →
 * PostgreSQL → … (each to a fresh database), under a steady load of orders; the write pause (fence
 * to flip) against the 2 s budget, and catch-up throughput against the copy's.
 */
export async function liveSwitch(
  orders: number,
  switches: number,
  log: (line: string) => void,
): Promise<ResultRow[]> {
  const pauseName = (stat: string) =>
    `live switch: write pause, ${stat} of ${switches} switches (PostgreSQL ⇄ MySQL, ${orders.toLocaleString('en')} orders, under load) vs 2 s budget`;
  const rateName = 'live switch: catch-up changes/s vs initial copy rows/s (median)';
  const missing = (await unreachable('postgres')) ?? (await unreachable('mariadb'));
  if (missing) {
    return [
      skipped(pauseName('p50'), 'ms', missing, 1),
      skipped(pauseName('max'), 'ms', missing, 1),
      skipped(rateName, 'per s', missing),
    ];
  }
  log(`live switch: seeding ${orders} orders on PostgreSQL`);
  const sides: Side[] = ['postgresql', 'mysql'];
  let current = await openSide('postgresql', 'switch_0');
  const shop = await seedOrders(current, orders);
  const writers = startWriters(() => current, shop);
  const figures: SwitchFigures[] = [];
  try {
    for (let index = 1; index <= switches; index++) {
      const from = sides[(index - 1) % 2]!;
      const to = sides[index % 2]!;
      const target = await openSide(to, `switch_${index}`);
      const measured = await measureSwitch(current, target, from, to);
      figures.push(measured);
      current = target;
      log(
        `live switch ${index}/${switches} ${from} → ${to}: writes paused ${measured.pauseMs} ms, ` +
          `copy ${Math.round(measured.copyRate)} rows/s, catch-up ${Math.round(measured.catchUpRate)} changes/s (${measured.underFence})`,
      );
    }
  } finally {
    const failures = await writers.stop();
    if (failures > 0) log(`live switch: ${failures} writes failed with an error other than writes paused`);
  }
  const pauses = figures.map((figure) => figure.pauseMs).sort((a, b) => a - b);
  const detail = figures.map((figure) => `${figure.from}→${figure.to} ${figure.pauseMs} ms`).join(', ');
  return [
    row({
      name: pauseName('p50'),
      ours: median(pauses),
      reference: PAUSE_BUDGET_MS,
      unit: 'ms',
      target: 1,
      note: detail,
    }),
    row({ name: pauseName('max'), ours: pauses.at(-1)!, reference: PAUSE_BUDGET_MS, unit: 'ms', target: 1 }),
    row({
      name: rateName,
      ours: median(figures.map((figure) => figure.catchUpRate)),
      reference: median(figures.map((figure) => figure.copyRate)),
      unit: 'per s',
      note: `${WRITERS} writers placing orders throughout; every order of the source is updated once while the copy runs`,
    }),
  ];
}
