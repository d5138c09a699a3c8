import { sql, type Kysely, type RawBuilder } from 'kysely';
import { COPY_TABLES, type TableSpec } from '../copy/copy-tables.js';
import type { Database } from '../schema.js';
import { installOracleCapture, removeOracleCapture } from './oracle-capture.js';
import { SWITCH_CHANGES_TABLE, SWITCH_STATE_TABLE, type SwitchFamily } from './switch-tables.js';
import { withBriefLockWaits } from './table-lock.js';
import { WRITES_PAUSED_MESSAGE, WRITES_PAUSED_SQLSTATE } from './writes-paused.js';

const CAPTURE = 'bharatmart_switch_capture';

/**
 * Installs the change capture on every table of the schema: a row trigger that, in the writing
 * transaction itself, logs the row's primary key in the change log and refuses the write unless the
 * switch is capturing (or its fence lease has run out). The refusal takes a shared lock on the
 * switch's state row, so the switch's exclusive update of that row (the fence) waits for every
 * transaction that wrote before it, and every write after it sees the fence. On PostgreSQL the check
 * runs at commit (a deferred constraint trigger), when the transaction holds every row lock it will
 * take, so waiting behind the fence can never close a cycle of lock waits; MySQL has no deferred
 * triggers, so the check runs with each row, and the switch read-locks the tables before it raises
 * the fence (withTablesReadLocked), so no writer holds or waits for a row when it does. Oracle has
 * no shared row locks: its triggers take the state table in ROW SHARE mode before each statement,
 * and the fence takes it in EXCLUSIVE mode (see oracle-capture.ts). Replaces triggers left by an
 * earlier run. `sourceName` names the source in the error a missing privilege gives.
 */
export async function installCapture(
  db: Kysely<Database>,
  family: SwitchFamily,
  sourceName: string,
): Promise<void> {
  if (family === 'oracle') {
    await installOracleCapture(db, sourceName);
    return;
  }
  if (family === 'postgres') {
    await postgresCaptureFunction().execute(db);
    // One table at a time, each in its own statement: a transaction that held one table's lock while
    // waiting for the next could deadlock with writers touching both. Each table's trigger exists
    // before that table is copied, which is all the copy needs.
    for (const spec of COPY_TABLES) {
      await sql`drop trigger if exists ${sql.id(CAPTURE)} on ${sql.table(spec.table)}`.execute(db);
      await sql`create constraint trigger ${sql.id(CAPTURE)} after insert or update or delete on ${sql.table(spec.table)}
        deferrable initially deferred for each row execute function ${sql.id(CAPTURE)}(${sql.raw(spec.key.map((column) => `'${column}'`).join(', '))})`.execute(
        db,
      );
    }
    return;
  }
  // Creating a trigger needs its table to itself for a moment: brief waits keep writers flowing.
  await withBriefLockWaits(db, async (run) => {
    for (const spec of COPY_TABLES) {
      for (const event of ['insert', 'update', 'delete'] as const) {
        await run(sql`drop trigger if exists ${sql.id(mysqlTriggerName(spec, event))}`);
        await run(mysqlCaptureTrigger(spec, event));
      }
    }
  });
}

/** Removes the change capture (triggers and, on PostgreSQL, their function); safe when none is installed. */
export async function removeCapture(db: Kysely<Database>, family: SwitchFamily): Promise<void> {
  if (family === 'oracle') {
    await removeOracleCapture(db);
    return;
  }
  if (family === 'postgres') {
    for (const spec of COPY_TABLES) {
      await sql`drop trigger if exists ${sql.id(CAPTURE)} on ${sql.table(spec.table)}`.execute(db);
    }
    await sql`drop function if exists ${sql.id(CAPTURE)}()`.execute(db);
    return;
  }
  await withBriefLockWaits(db, async (run) => {
    for (const spec of COPY_TABLES) {
      for (const event of ['insert', 'update', 'delete'] as const) {
        await run(sql`drop trigger if exists ${sql.id(mysqlTriggerName(spec, event))}`);
      }
    }
  });
}

/**
 * PL/pgSQL: the key columns come as trigger arguments, so one function serves every table. It runs at
 * commit (deferred), once per row the transaction wrote.
 */
function postgresCaptureFunction(): RawBuilder<unknown> {
  // Security definer: the function reads and writes the switch tables as their owner, whichever
  // role wrote the row (on Supabase, a role that row level security would keep out of them).
  return sql`create or replace function ${sql.id(CAPTURE)}() returns trigger language plpgsql
security definer set search_path from current as $capture$
declare
  new_key jsonb := '[]';
  old_key jsonb := '[]';
begin
  perform 1 from ${sql.table(SWITCH_STATE_TABLE)}
    where id = 1 and (phase = 'capturing' or (phase = 'fenced' and fenced_until < clock_timestamp()))
    for share;
  if not found then
    raise exception using errcode = '${sql.raw(WRITES_PAUSED_SQLSTATE)}', message = '${sql.raw(WRITES_PAUSED_MESSAGE)}';
  end if;
  for i in 0 .. tg_nargs - 1 loop
    if tg_op <> 'DELETE' then new_key := new_key || jsonb_build_array(to_jsonb(new) -> tg_argv[i]); end if;
    if tg_op <> 'INSERT' then old_key := old_key || jsonb_build_array(to_jsonb(old) -> tg_argv[i]); end if;
  end loop;
  if tg_op <> 'DELETE' then
    insert into ${sql.table(SWITCH_CHANGES_TABLE)} (table_name, row_key) values (tg_table_name, new_key::text);
  end if;
  if tg_op = 'DELETE' or (tg_op = 'UPDATE' and old_key <> new_key) then
    insert into ${sql.table(SWITCH_CHANGES_TABLE)} (table_name, row_key) values (tg_table_name, old_key::text);
  end if;
  return null;
end
$capture$`;
}

function mysqlTriggerName(spec: TableSpec, event: 'insert' | 'update' | 'delete'): string {
  return `bharatmart_switch_${spec.table}_${event}`;
}

/** MySQL/MariaDB: one trigger per table and event, the key columns spelled out. */
function mysqlCaptureTrigger(spec: TableSpec, event: 'insert' | 'update' | 'delete'): RawBuilder<unknown> {
  const key = (row: 'new' | 'old') =>
    sql.raw(`json_array(${spec.key.map((c) => `${row}.\`${c}\``).join(', ')})`);
  const log = (row: 'new' | 'old') =>
    sql`insert into ${sql.table(SWITCH_CHANGES_TABLE)} (table_name, row_key) values (${sql.lit(spec.table)}, ${key(row)});`;
  const keyChanged = sql.raw(spec.key.map((c) => `not (old.\`${c}\` <=> new.\`${c}\`)`).join(' or '));
  const body =
    event === 'insert'
      ? log('new')
      : event === 'delete'
        ? log('old')
        : sql`${log('new')} if ${keyChanged} then ${log('old')} end if;`;
  return sql`create trigger ${sql.id(mysqlTriggerName(spec, event))} after ${sql.raw(event)} on ${sql.table(spec.table)}
for each row begin
  declare switch_phase varchar(16);
  declare lease datetime(6);
  select phase, fenced_until into switch_phase, lease from ${sql.table(SWITCH_STATE_TABLE)} where id = 1 lock in share mode;
  if not coalesce(switch_phase = 'capturing' or (switch_phase = 'fenced' and lease < sysdate(6)), false) then
    signal sqlstate '45000' set message_text = ${sql.lit(WRITES_PAUSED_MESSAGE)};
  end if;
  ${body}
end`;
}
