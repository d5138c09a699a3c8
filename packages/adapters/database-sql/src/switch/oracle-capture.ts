import { sql, type Kysely, type RawBuilder } from 'kysely';
import { AdapterError } from '@bharatmart/core';
import { COPY_TABLES, type TableSpec } from '../copy/copy-tables.js';
import { oracleCompileErrors } from '../oracle-compile-errors.js';
import type { Database } from '../schema.js';
import { lockTable, oracleCodeOf, withOracleTableLock } from './oracle-lock.js';
import { SWITCH_CHANGES_TABLE, SWITCH_STATE_TABLE } from './switch-tables.js';
import { WRITES_PAUSED_MESSAGE, WRITES_PAUSED_ORACLE_ERROR } from './writes-paused.js';

/**
 * Oracle: installs one compound trigger per table of the schema (replacing any left by an earlier
 * run), then waits, table by table, for every transaction that wrote to the table before its trigger
 * existed. Creating a trigger waits only for the statements running on the table, not for their
 * transactions (PostgreSQL's and MySQL's trigger DDL wait for those), so a write made just before
 * could otherwise commit after the copy read its row and reach neither copy nor log: a brief
 * `LOCK TABLE … IN SHARE MODE` waits for them and is released at once. A source user without the
 * CREATE TRIGGER privilege is refused with MISCONFIGURED before anything is copied, and so is a
 * trigger that does not compile on this database (the triggers created are dropped again first).
 */
export async function installOracleCapture(db: Kysely<Database>, sourceName: string): Promise<void> {
  for (const spec of COPY_TABLES) {
    try {
      await oracleCaptureTrigger(spec).execute(db);
    } catch (error) {
      if (oracleCodeOf(error) !== 'ORA-01031') throw error;
      throw new AdapterError(
        sourceName,
        'MISCONFIGURED',
        'a live switch from Oracle needs the CREATE TRIGGER privilege; grant it to the source database user',
        { cause: error },
      );
    }
    // Oracle keeps a trigger that does not compile, and it would fail every write to its table.
    const errors = await oracleCompileErrors(db, [triggerName(spec)]);
    if (errors.length > 0) {
      await removeOracleCapture(db);
      throw new AdapterError(
        sourceName,
        'MISCONFIGURED',
        `a live switch from Oracle could not install its capture trigger (removed again, nothing copied): ${errors.join('; ')}`,
      );
    }
  }
  for (const spec of COPY_TABLES) await withOracleTableLock(db, [lockTable(spec.table, 'share')]);
}

/** Oracle: drops the capture triggers that exist; safe when none is installed. */
export async function removeOracleCapture(db: Kysely<Database>): Promise<void> {
  const names = COPY_TABLES.map(triggerName);
  const listed = sql<{
    name: string;
  }>`select trigger_name "name" from user_triggers where trigger_name in (${sql.join(names)})`;
  const { rows } = await listed.execute(db);
  for (const { name } of rows) await sql`drop trigger ${sql.id(name)}`.execute(db);
}

function triggerName(spec: TableSpec): string {
  return `bharatmart_switch_capture_${spec.table}`;
}

/**
 * The compound trigger of one table, sent as one line. Before each statement (before it locks any
 * row) it takes the switch state table in ROW SHARE mode — a lock many writers hold at once and that
 * only the fence's EXCLUSIVE lock waits for — and refuses the statement with ORA-20001 unless the
 * switch is capturing or its fence lease has run out. A transaction therefore holds that lock from
 * its first write to its commit, so the fence waits for every transaction that wrote before it, and
 * never for one that waits for it: a writer asks for the lock before its statement holds a row, and
 * asks again only while it holds the lock already. After each row it logs the row's key (and, when
 * an update changed the key, the old one) as a JSON array, built by JSON_ARRAY_T: strings as JSON
 * strings, numbers as JSON numbers, as the other families log them. The phase is read after the lock
 * is granted, as of that moment: in read committed, the isolation every writer of the shop uses (a
 * serializable writer would read it as of its transaction's start, and is not supported on an Oracle
 * source while a switch runs).
 */
function oracleCaptureTrigger(spec: TableSpec): RawBuilder<unknown> {
  const state = sql.table(SWITCH_STATE_TABLE);
  const log = (text: string) =>
    sql`insert into ${sql.table(SWITCH_CHANGES_TABLE)} (${sql.id('table_name')}, ${sql.id('row_key')}) values (${sql.lit(spec.table)}, ${sql.raw(text)});`;
  const append = (row: 'new' | 'old') =>
    sql.raw(spec.key.map((column) => `${row}_key.append(:${row}."${column}");`).join(' '));
  const lines = [
    sql`create or replace trigger ${sql.id(triggerName(spec))} for insert or update or delete on ${sql.table(spec.table)} compound trigger`,
    sql`before statement is begin declare allowed pls_integer; begin`,
    sql`lock table ${state} in row share mode;`,
    sql`select count(*) into allowed from ${state} where ${sql.id('id')} = 1 and (${sql.id('phase')} = 'capturing' or (${sql.id('phase')} = 'fenced' and ${sql.id('fenced_until')} < systimestamp));`,
    sql`if allowed = 0 then raise_application_error(-${sql.lit(WRITES_PAUSED_ORACLE_ERROR)}, ${sql.lit(WRITES_PAUSED_MESSAGE)}); end if;`,
    sql`end; end before statement;`,
    sql`after each row is begin declare new_key json_array_t := json_array_t(); old_key json_array_t := json_array_t(); new_text varchar2(4000); old_text varchar2(4000); begin`,
    sql`if not deleting then ${append('new')} new_text := new_key.to_string(); ${log('new_text')} end if;`,
    sql`if not inserting then ${append('old')} old_text := old_key.to_string(); if deleting or old_text <> new_text then ${log('old_text')} end if; end if;`,
    sql`end; end after each row;`,
    sql`end;`,
  ];
  return sql.join(lines, sql` `);
}
