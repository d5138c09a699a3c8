import { randomUUID } from 'node:crypto';
import { AdapterError, type IDatabaseAdapter } from '@bharatmart/core';
import type { CopyProgress } from '../copy/copy-database.js';
import { hasSqlAccess, type SqlAccess } from '../copy/sql-access.js';
import { installCapture, removeCapture } from './capture-triggers.js';
import { applyChanges, clearChanges, pendingChanges } from './change-log.js';
import { copyLive } from './live-copy.js';
import {
  beginCapture,
  lowerFence,
  raiseFence,
  readSwitchRecord,
  recordFlip,
  recordIdle,
  renewFence,
} from './switch-state.js';
import type { KeySet } from './row-keys.js';
import { ensureSwitchTables, switchFamily, type SwitchFamily } from './switch-tables.js';
import { checkTableLockPrivileges, withTablesReadLocked } from './table-lock.js';
import { compareLive, recheckUnderFence, type SwitchTableCheck } from './verify-switch.js';

/** The phases of a live switch, in order. */
export type SwitchPhaseName =
  'prepare' | 'copy' | 'catch-up' | 'compare' | 'fence' | 'final-catch-up' | 'verify' | 'flip';

/** What a switch reports while it runs: a phase starting or ending, copy progress, a catch-up round. */
export type SwitchEvent =
  | { kind: 'phase'; phase: SwitchPhaseName; state: 'start' | 'done'; elapsedMs: number }
  | { kind: 'copy'; progress: CopyProgress }
  | { kind: 'catch-up'; round: number; applied: number; remaining: number }
  | { kind: 'retry'; reason: string };

export interface SwitchDatabaseOptions {
  /**
   * The database the shop runs on, built on the shared SQL implementation (pglite, postgresql, mysql,
   * supabase, oci-autonomous): the capture triggers, the change log and the fence live there.
   */
  source: IDatabaseAdapter;
  /**
   * The database it moves to (another adapter of the shared SQL implementation: the target takes
   * only plain reads, counts, and writes by key); migrated to the latest schema first.
   */
  target: IDatabaseAdapter;
  /** The target's DATABASE_TYPE, recorded on the source for processes to follow. */
  targetType: string;
  /**
   * Catch up until at most this many changes remain before raising the fence (or until the backlog
   * stops shrinking). Default 200.
   */
  fenceAtLag?: number;
  /** How long the fence holds without renewal; if the switch dies, writes resume after it. Default 15 s. */
  fenceLeaseMs?: number;
  /** Rows per batch. Default 500. */
  batchSize?: number;
  /** Progress reports. */
  onEvent?: (event: SwitchEvent) => void;
}

/** The outcome of a switch that flipped. */
export interface SwitchReport {
  switchId: string;
  /** Milliseconds between raising the fence and recording the flip: how long writes paused. */
  writePauseMs: number;
  /** Rows written by the initial copy. */
  copiedRows: number;
  /** Change-log entries applied, in all catch-up rounds together. */
  appliedChanges: number;
  /** The verification under the fence: every table matched, or the switch would not have flipped. */
  verification: SwitchTableCheck[];
  totalMs: number;
}

const MAX_FENCE_ATTEMPTS = 3;
const STALL_ROUNDS = 10;

/**
 * Moves a database in use to another one, with no write lost and writes paused only for the last
 * step. Capture triggers log every write on the source (in the writing transaction), a copy runs
 * while the shop runs, catch-up rounds copy the current state of changed rows until little is left,
 * every row is compared with the target's while the shop still runs, then a fence stops writes on the
 * source (waiting for those in flight), the rest is caught up, every table's rows are counted on both
 * sides and the rows that differed or changed since the comparison are compared again (so the pause
 * grows with the writes during the switch, not with the shop), and the flip is recorded on the
 * source, whose triggers then refuse writes for good. A failed verification or a fence that ran out lowers the fence (writes flow
 * again, still captured) and tries again, up to 3 times, then throws with the capture still installed
 * (`abortSwitch` removes it); the source keeps serving whatever happens before the flip.
 * Re-running after a crash starts over from a fresh copy (rows already on the target are overwritten).
 */
export async function switchDatabase(options: SwitchDatabaseOptions): Promise<SwitchReport> {
  const startedAt = Date.now();
  const source = sqlAccessOf(options.source);
  const target = sqlAccessOf(options.target);
  const family = switchFamily(source);
  if (!family) {
    throw new AdapterError(
      options.source.name,
      'NOT_SUPPORTED',
      `a live switch from ${options.source.name} is not supported (sources: the PostgreSQL, MySQL and Oracle adapters)`,
    );
  }
  const batchSize = options.batchSize ?? 500;
  const fenceAtLag = options.fenceAtLag ?? 200;
  const leaseMs = options.fenceLeaseMs ?? 15_000;
  const emit = options.onEvent ?? (() => undefined);
  const phase = async <T>(name: SwitchPhaseName, work: () => Promise<T>): Promise<T> => {
    const begun = Date.now();
    emit({ kind: 'phase', phase: name, state: 'start', elapsedMs: begun - startedAt });
    const result = await work();
    emit({ kind: 'phase', phase: name, state: 'done', elapsedMs: Date.now() - startedAt });
    return result;
  };

  const switchId = randomUUID();
  await phase('prepare', async () => {
    const pending = (await options.source.migrations.status()).filter((migration) => !migration.appliedAt);
    if (pending.length > 0) {
      throw new AdapterError(
        options.source.name,
        'MISCONFIGURED',
        `the source has pending migrations: ${pending.map((migration) => migration.name).join(', ')}`,
      );
    }
    await options.target.migrations.latest();
    if ((await options.source.migrations.identity()) === (await options.target.migrations.identity())) {
      throw new AdapterError(
        options.target.name,
        'MISCONFIGURED',
        'the target is the source database itself (both read the same database identity): check the NEXT_ settings',
      );
    }
    await ensureSwitchTables(source, family);
    if (family === 'mysql') await checkTableLockPrivileges(source, options.source.name);
    const existing = await readSwitchRecord(source, family);
    if (existing?.phase === 'flipped') {
      throw new AdapterError(
        options.source.name,
        'MISCONFIGURED',
        `this database was already switched to ${existing.target} (switch ${existing.switchId})`,
      );
    }
    const now = new Date().toISOString();
    // The state row says "capturing" before any trigger exists, so no write is refused meanwhile, and
    // every trigger exists before the copy reads a row, so no write escapes both copy and log.
    await beginCapture(source, { switchId, target: options.targetType, startedAt: now, updatedAt: now });
    await clearChanges(source);
    await installCapture(source.db, family, options.source.name);
  });
  const copiedRows = await phase('copy', () =>
    copyLive(source, target, batchSize, (progress) => emit({ kind: 'copy', progress })),
  );
  let appliedChanges = 0;
  // Catches up until at most `until` changes remain, or — when writers produce changes as fast as
  // they are applied — until the backlog has not shrunk for STALL_ROUNDS rounds: the fence then
  // stops the writers and the final catch-up drains what is left.
  const catchUp = async (until: number, changed?: KeySet): Promise<void> => {
    let best = Number.POSITIVE_INFINITY;
    for (let round = 1, stalled = 0; ; round++) {
      const applied = await applyChanges(source, target, batchSize, changed);
      appliedChanges += applied;
      const remaining = await pendingChanges(source);
      emit({ kind: 'catch-up', round, applied, remaining });
      if (remaining <= until) return;
      stalled = remaining < best ? 0 : stalled + 1;
      best = Math.min(best, remaining);
      if (stalled >= STALL_ROUNDS) return;
    }
  };

  for (let attempt = 1; ; attempt++) {
    await phase('catch-up', () => catchUp(fenceAtLag));
    // Every row compared while the shop runs; the rows changed from here on are collected as the
    // catch-up applies them, and only those (and rows that differed) are compared again under the fence.
    const changedSince: KeySet = new Map();
    const live = await phase('compare', () => compareLive(source, target, batchSize));
    await phase('catch-up', () => catchUp(fenceAtLag, changedSince));
    const fencedAt = Date.now();
    const outcome = await fenced(source, family, options.source.name, async () => {
      if (!(await phase('fence', () => raiseFence(source, family, leaseMs)))) {
        throw new AdapterError(
          options.source.name,
          'UNAVAILABLE',
          'the switch was aborted by another process',
        );
      }
      return underFence(source, family, leaseMs, async () => {
        await phase('final-catch-up', () => catchUp(0, changedSince));
        const verification = await phase('verify', () =>
          recheckUnderFence(source, target, live, changedSince),
        );
        if (verification.some((table) => !table.match)) return { verification, flipped: false };
        return { verification, flipped: await phase('flip', () => recordFlip(source, family)) };
      });
    });
    const writePauseMs = Date.now() - fencedAt;
    if (outcome.flipped) {
      await clearChanges(source);
      return {
        switchId,
        writePauseMs,
        copiedRows,
        appliedChanges,
        verification: outcome.verification,
        totalMs: Date.now() - startedAt,
      };
    }
    const mismatched = outcome.verification.filter((table) => !table.match).map((table) => table.table);
    const reason =
      mismatched.length > 0
        ? `verification found differences in ${mismatched.join(', ')}`
        : 'the fence lease ran out before the flip';
    await lowerFence(source);
    if (attempt >= MAX_FENCE_ATTEMPTS) {
      throw new AdapterError(options.source.name, 'UNAVAILABLE', `the switch did not flip: ${reason}`);
    }
    emit({ kind: 'retry', reason });
  }
}

/**
 * Runs `work` (which raises the fence) with MySQL's tables read-locked around it, so the fence's row
 * is raised with no writer in flight (see withTablesReadLocked); PostgreSQL checks the fence at
 * commit and needs no table lock, and Oracle's fence waits for the writers itself (raiseFence):
 * its writers take their lock before their statement holds a row, so none waits for the fence
 * while holding a row another writer waits for.
 */
function fenced<T>(
  source: SqlAccess,
  family: SwitchFamily,
  sourceName: string,
  work: () => Promise<T>,
): Promise<T> {
  return family === 'mysql' ? withTablesReadLocked(source, sourceName, work) : work();
}

/**
 * Runs `work` while the fence holds, renewing its lease at a third of its length; if a renewal finds
 * the lease already run out, the flip inside `work` will refuse (`recordFlip` checks the lease too).
 */
async function underFence<T>(
  source: SqlAccess,
  family: SwitchFamily,
  leaseMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(
    () => void renewFence(source, family, leaseMs).catch(() => undefined),
    leaseMs / 3,
  );
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/**
 * Stops an unfinished switch: removes the capture from the source and marks it idle, so it serves
 * as before with nothing lost (the target keeps whatever was copied; a later switch overwrites it).
 * Refuses once the switch has flipped: going back is a switch the other way.
 */
export async function abortSwitch(sourceAdapter: IDatabaseAdapter): Promise<void> {
  const source = sqlAccessOf(sourceAdapter);
  const family = switchFamily(source);
  if (!family) return;
  const record = await readSwitchRecord(source, family);
  if (!record || record.phase === 'idle') return;
  if (record.phase === 'flipped') {
    throw new AdapterError(
      sourceAdapter.name,
      'MISCONFIGURED',
      `the switch to ${record.target} has flipped; to go back, switch from ${record.target} to this database`,
    );
  }
  await removeCapture(source.db, family);
  await recordIdle(source);
  await clearChanges(source);
}

function sqlAccessOf(adapter: IDatabaseAdapter): SqlAccess {
  if (hasSqlAccess(adapter)) return adapter.sqlAccess;
  throw new AdapterError(
    adapter.name,
    'NOT_SUPPORTED',
    'a live switch needs an adapter of the shared SQL implementation',
  );
}
