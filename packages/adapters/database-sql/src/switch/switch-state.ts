import { sql, type RawBuilder } from 'kysely';
import type { SqlAccess } from '../copy/sql-access.js';
import { SWITCH_STATE_TABLE, switchDb, type SwitchPhase } from './switch-tables.js';

/** How often raising the fence is tried when the database breaks a deadlock by rolling it back. */
const FENCE_ATTEMPTS = 20;

/** A source database's record of its switch. */
export interface SwitchRecord {
  switchId: string;
  phase: SwitchPhase;
  /** The target's DATABASE_TYPE. */
  target: string;
  startedAt: string;
  updatedAt: string;
}

/** The switch record of a source, or undefined when it never took part in a switch. */
export async function readSwitchRecord(
  access: SqlAccess,
  family: 'postgres' | 'mysql',
): Promise<SwitchRecord | undefined> {
  if (!(await switchTableExists(access, family))) return undefined;
  const row = await switchDb(access)
    .selectFrom(SWITCH_STATE_TABLE)
    .select(['switch_id', 'phase', 'target', 'started_at', 'updated_at'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row
    ? {
        switchId: row.switch_id,
        phase: row.phase,
        target: row.target,
        startedAt: row.started_at,
        updatedAt: row.updated_at,
      }
    : undefined;
}

async function switchTableExists(access: SqlAccess, family: 'postgres' | 'mysql'): Promise<boolean> {
  const query =
    family === 'postgres'
      ? sql<{ found: string | null }>`select to_regclass(${SWITCH_STATE_TABLE})::text as found`
      : sql<{ found: string | null }>`select table_name as found from information_schema.tables
          where table_schema = database() and table_name = ${SWITCH_STATE_TABLE}`;
  const { rows } = await query.execute(access.db);
  return rows.length > 0 && rows[0]?.found !== null;
}

/** Makes `record` the source's state (phase `capturing`), replacing an earlier unfinished switch. */
export async function beginCapture(access: SqlAccess, record: Omit<SwitchRecord, 'phase'>): Promise<void> {
  const db = switchDb(access);
  const values = {
    switch_id: record.switchId,
    phase: 'capturing' as const,
    target: record.target,
    started_at: record.startedAt,
    updated_at: record.updatedAt,
  };
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom(SWITCH_STATE_TABLE).where('id', '=', 1).execute();
    await tx
      .insertInto(SWITCH_STATE_TABLE)
      .values({ id: 1, ...values })
      .execute();
  });
}

/**
 * Raises the fence: from the moment this returns, no write commits on the source until the lease
 * runs out (`leaseMs` from now, by the database's clock) or the switch flips. Waits for every
 * transaction that already wrote to finish. False when the source is not capturing any more.
 */
export async function raiseFence(
  access: SqlAccess,
  family: 'postgres' | 'mysql',
  leaseMs: number,
): Promise<boolean> {
  const fence = sql`update ${sql.table(SWITCH_STATE_TABLE)}
      set phase = 'fenced', fenced_until = ${leaseEnd(family, leaseMs)}, updated_at = ${new Date().toISOString()}
      where id = 1 and phase in ('capturing', 'fenced')`;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await fence.execute(access.db);
      return Number(result.numAffectedRows ?? 0) === 1;
    } catch (error) {
      if (access.features.classifyError(error) !== 'deadlock' || attempt >= FENCE_ATTEMPTS) throw error;
    }
  }
}

/** Extends a fence that still holds by `leaseMs` from now; false when it ran out meanwhile. */
export async function renewFence(
  access: SqlAccess,
  family: 'postgres' | 'mysql',
  leaseMs: number,
): Promise<boolean> {
  const result = await sql`update ${sql.table(SWITCH_STATE_TABLE)}
      set fenced_until = ${leaseEnd(family, leaseMs)}
      where id = 1 and phase = 'fenced' and fenced_until > ${now(family)}`.execute(access.db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/**
 * Records the flip, if the fence held without a break until now (else a write may have slipped in
 * after the last catch-up, and the flip must not happen). After it, the capture triggers refuse every
 * write to the source, for good.
 */
export async function recordFlip(access: SqlAccess, family: 'postgres' | 'mysql'): Promise<boolean> {
  const result = await sql`update ${sql.table(SWITCH_STATE_TABLE)}
      set phase = 'flipped', fenced_until = null, updated_at = ${new Date().toISOString()}
      where id = 1 and phase = 'fenced' and fenced_until > ${now(family)}`.execute(access.db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/** Lets writes flow again (still captured) after a fence that did not lead to a flip. */
export async function lowerFence(access: SqlAccess): Promise<void> {
  await switchDb(access)
    .updateTable(SWITCH_STATE_TABLE)
    .set({ phase: 'capturing', updated_at: new Date().toISOString() })
    .where('id', '=', 1)
    .where('phase', '=', 'fenced')
    .execute();
}

/** Marks the source as not switching (after an abort, once the capture is removed). */
export async function recordIdle(access: SqlAccess): Promise<void> {
  await switchDb(access)
    .updateTable(SWITCH_STATE_TABLE)
    .set({ phase: 'idle', updated_at: new Date().toISOString() })
    .where('id', '=', 1)
    .execute();
}

function now(family: 'postgres' | 'mysql'): RawBuilder<unknown> {
  return family === 'postgres' ? sql`clock_timestamp()` : sql`sysdate(6)`;
}

function leaseEnd(family: 'postgres' | 'mysql', leaseMs: number): RawBuilder<unknown> {
  const micros = Math.round(leaseMs * 1000);
  return family === 'postgres'
    ? sql`clock_timestamp() + ${sql.lit(micros)} * interval '1 microsecond'`
    : sql`sysdate(6) + interval ${sql.lit(micros)} microsecond`;
}
