import { sql, type Kysely } from 'kysely';
import type { SqlAccess } from '../copy/sql-access.js';

/** The one-row table that holds a source database's switch state: its phase, target and fence lease. */
export const SWITCH_STATE_TABLE = 'bharatmart_switch';

/** The change log: one row per write to a table of the schema while a switch captures changes. */
export const SWITCH_CHANGES_TABLE = 'bharatmart_switch_changes';

/**
 * Where a switch stands on its source. `capturing`: every write is logged; `fenced`: writes are
 * refused until `fencedUntil` (a lease the switch renews; past it, writes flow again); `flipped`:
 * the data lives on the target now and the source refuses every write, forever; `idle`: no switch.
 */
export type SwitchPhase = 'idle' | 'capturing' | 'fenced' | 'flipped';

/** The switch tables as Kysely sees them. */
export interface SwitchTables {
  [SWITCH_STATE_TABLE]: {
    id: number;
    switch_id: string;
    phase: SwitchPhase;
    /** The target's DATABASE_TYPE. */
    target: string;
    started_at: string;
    updated_at: string;
  };
  [SWITCH_CHANGES_TABLE]: { seq: number | string | bigint; table_name: string; row_key: string };
}

/** The Kysely of a switch's source, typed for the switch tables. */
export function switchDb(access: SqlAccess): Kysely<SwitchTables> {
  return access.db as unknown as Kysely<SwitchTables>;
}

/** The SQL families a live switch moves from: each has its own capture triggers and fence. */
export type SwitchFamily = 'postgres' | 'mysql' | 'oracle';

/** The SQL family of an adapter's dialect, or undefined where a live switch is not supported. */
export function switchFamily(access: SqlAccess): SwitchFamily | undefined {
  const { dialect } = access.features;
  return dialect === 'postgres' || dialect === 'mysql' || dialect === 'oracle' ? dialect : undefined;
}

/**
 * Creates the switch tables on the source if they are missing. They are the switch's own, outside the
 * schema's migrations, so a database that never switches never has them. The lease column is a
 * timestamp of the database's clock, which the capture triggers compare with the current time.
 */
export async function ensureSwitchTables(access: SqlAccess, family: SwitchFamily): Promise<void> {
  const { db } = access;
  if (family === 'oracle') {
    await ensureOracleSwitchTables(access);
    return;
  }
  if (family === 'postgres') {
    await sql`create table if not exists ${sql.table(SWITCH_STATE_TABLE)} (
      id integer primary key, switch_id text not null, phase text not null, target text not null,
      fenced_until timestamptz, started_at text not null, updated_at text not null)`.execute(db);
    await sql`create table if not exists ${sql.table(SWITCH_CHANGES_TABLE)} (
      seq bigserial primary key, table_name text not null, row_key text not null)`.execute(db);
    // On Supabase every table of the public schema is reachable over its REST API; with row level
    // security and no policy, only the owner (and the service role) reach these two.
    for (const table of [SWITCH_STATE_TABLE, SWITCH_CHANGES_TABLE]) {
      await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    }
    return;
  }
  await sql`create table if not exists ${sql.table(SWITCH_STATE_TABLE)} (
    id integer primary key, switch_id varchar(64) not null, phase varchar(16) not null,
    target varchar(32) not null, fenced_until datetime(6) null, started_at varchar(32) not null,
    updated_at varchar(32) not null) engine=InnoDB`.execute(db);
  await sql`create table if not exists ${sql.table(SWITCH_CHANGES_TABLE)} (
    seq bigint auto_increment primary key, table_name varchar(64) not null, row_key text not null)
    engine=InnoDB`.execute(db);
}

/**
 * Oracle 19c has no `create table if not exists`: each table is created unless the schema's
 * dictionary lists it (quoted names, so lower case there). The change log's `seq` is an identity.
 */
async function ensureOracleSwitchTables(access: SqlAccess): Promise<void> {
  const { db } = access;
  const names = sql.join([SWITCH_STATE_TABLE, SWITCH_CHANGES_TABLE]);
  const listed = sql<{
    name: string;
  }>`select table_name "name" from user_tables where table_name in (${names})`;
  const { rows } = await listed.execute(db);
  const existing = new Set(rows.map((row) => row.name));
  const create = (table: string, columns: [string, string][]) =>
    sql`create table ${sql.table(table)} (${sql.join(columns.map(([name, type]) => sql`${sql.id(name)} ${sql.raw(type)}`))})`;
  if (!existing.has(SWITCH_STATE_TABLE)) {
    await create(SWITCH_STATE_TABLE, [
      ['id', 'number(10) primary key'],
      ['switch_id', 'varchar2(64) not null'],
      ['phase', 'varchar2(16) not null'],
      ['target', 'varchar2(32) not null'],
      ['fenced_until', 'timestamp with time zone'],
      ['started_at', 'varchar2(32) not null'],
      ['updated_at', 'varchar2(32) not null'],
    ]).execute(db);
  }
  if (!existing.has(SWITCH_CHANGES_TABLE)) {
    await create(SWITCH_CHANGES_TABLE, [
      ['seq', 'number generated always as identity primary key'],
      ['table_name', 'varchar2(64) not null'],
      ['row_key', 'varchar2(4000) not null'],
    ]).execute(db);
  }
}
