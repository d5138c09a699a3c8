import { sql, type RawBuilder } from 'kysely';
import type { SqlAccess } from '../copy/sql-access.js';
import { lockTable, withOracleTableLock } from './oracle-lock.js';
import { SWITCH_STATE_TABLE, switchDb, type SwitchFamily, type SwitchPhase } from './switch-tables.js';

/** How often raising the fence is tried when the database breaks a deadlock by rolling it back. */
const FENCE_ATTEMPTS = 20;

// The state table's columns, quoted: Oracle's are lower case in its dictionary (see ensureSwitchTables).
const id = sql.ref('id');
const phase = sql.ref('phase');
const fencedUntil = sql.ref('fenced_until');
const updatedAt = sql.ref('updated_at');

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
  family: SwitchFamily,
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

async function switchTableExists(access: SqlAccess, family: SwitchFamily): Promise<boolean> {
  const { rows } = await tableLookup(family).execute(access.db);
  return rows.length > 0 && rows[0]?.found !== null;
}

function tableLookup(family: SwitchFamily): RawBuilder<{ found: string | null }> {
  if (family === 'postgres') return sql`select to_regclass(${SWITCH_STATE_TABLE})::text as found`;
  if (family === 'oracle') {
    return sql`select table_name "found" from user_tables where table_name = ${SWITCH_STATE_TABLE}`;
  }
  return sql`select table_name as found from information_schema.tables
    where table_schema = database() and table_name = ${SWITCH_STATE_TABLE}`;
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
 * transaction that already wrote to finish. False when the source is not capturing any more. On
 * Oracle the update runs in a transaction that first takes the state table in EXCLUSIVE mode (waiting
 * for every writer, each of which holds it in ROW SHARE mode: see oracle-capture.ts); a wait of more
 * than a second is given up and tried again, so writers queued behind it are let through.
 */
export async function raiseFence(access: SqlAccess, family: SwitchFamily, leaseMs: number): Promise<boolean> {
  const fence = updateState(
    sql`${phase} = 'fenced', ${fencedUntil} = ${leaseEnd(family, leaseMs)}, ${updatedAt} = ${new Date().toISOString()}`,
    sql`${phase} in ('capturing', 'fenced')`,
  );
  if (family === 'oracle') {
    const affected = await withOracleTableLock(access.db, [
      lockTable(SWITCH_STATE_TABLE, 'exclusive'),
      fence,
    ]);
    return Number(affected ?? 0) === 1;
  }
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
export async function renewFence(access: SqlAccess, family: SwitchFamily, leaseMs: number): Promise<boolean> {
  const result = await updateState(
    sql`${fencedUntil} = ${leaseEnd(family, leaseMs)}`,
    sql`${phase} = 'fenced' and ${fencedUntil} > ${now(family)}`,
  ).execute(access.db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/**
 * Records the flip, if the fence held without a break until now (else a write may have slipped in
 * after the last catch-up, and the flip must not happen). After it, the capture triggers refuse every
 * write to the source, for good.
 */
export async function recordFlip(access: SqlAccess, family: SwitchFamily): Promise<boolean> {
  const result = await updateState(
    sql`${phase} = 'flipped', ${fencedUntil} = null, ${updatedAt} = ${new Date().toISOString()}`,
    sql`${phase} = 'fenced' and ${fencedUntil} > ${now(family)}`,
  ).execute(access.db);
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

/** `update <state table> set … where id = 1 and …`, on one line (as Oracle's SQL snapshots show it). */
function updateState(set: RawBuilder<unknown>, condition: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`update ${sql.table(SWITCH_STATE_TABLE)} set ${set} where ${id} = 1 and ${condition}`;
}

function now(family: SwitchFamily): RawBuilder<unknown> {
  if (family === 'oracle') return sql`systimestamp`;
  return family === 'postgres' ? sql`clock_timestamp()` : sql`sysdate(6)`;
}

function leaseEnd(family: SwitchFamily, leaseMs: number): RawBuilder<unknown> {
  const micros = Math.round(leaseMs * 1000);
  if (family === 'oracle') return sql`systimestamp + numtodsinterval(${sql.lit(micros / 1e6)}, 'second')`;
  return family === 'postgres'
    ? sql`clock_timestamp() + ${sql.lit(micros)} * interval '1 microsecond'`
    : sql`sysdate(6) + interval ${sql.lit(micros)} microsecond`;
}
