import type { PoolClient } from 'pg';
import { PostgrestError } from '../postgrest-error.js';

/**
 * The stand-in's "schema cache": what it needs to know about the exposed schema, read from the
 * PostgreSQL catalog on each request that needs it (so tables created after start are served at once).
 */
export const EXPOSED_SCHEMA = 'public';

/** A foreign key `table(columns) -> foreignTable(foreignColumns)` of the exposed schema. */
export interface ForeignKey {
  name: string;
  table: string;
  columns: string[];
  foreignTable: string;
  foreignColumns: string[];
}

/** A function of the exposed schema that `/rpc/<name>` may call. */
export interface RpcFunction {
  /** Names of its parameters, in order; the last `defaults` of them may be omitted. */
  parameters: string[];
  /** SQL types of its parameters, as `format_type` spells them. */
  types: string[];
  defaults: number;
  returnsSet: boolean;
  /** Returns a row (composite or record) rather than a scalar. */
  returnsRow: boolean;
  returnsVoid: boolean;
}

/** Throws PGRST205 (404) unless `table` is a table or view of the exposed schema. */
export async function assertRelationExists(client: PoolClient, table: string): Promise<void> {
  const { rowCount } = await client.query(
    `select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'v', 'm', 'f', 'p')`,
    [EXPOSED_SCHEMA, table],
  );
  if (rowCount === 0) {
    throw new PostgrestError(
      404,
      'PGRST205',
      `Could not find the table '${EXPOSED_SCHEMA}.${table}' in the schema cache`,
    );
  }
}

/** Every foreign key between tables of the exposed schema. */
export async function loadForeignKeys(client: PoolClient): Promise<ForeignKey[]> {
  const { rows } = await client.query<ForeignKey>(
    `select c.conname as name, t.relname as "table", f.relname as "foreignTable",
            array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
                    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as columns,
            array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i)
                    join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as "foreignColumns"
       from pg_constraint c
       join pg_class t on t.oid = c.conrelid join pg_namespace tn on tn.oid = t.relnamespace
       join pg_class f on f.oid = c.confrelid join pg_namespace fn on fn.oid = f.relnamespace
      where c.contype = 'f' and tn.nspname = $1 and fn.nspname = $1`,
    [EXPOSED_SCHEMA],
  );
  return rows;
}

/** The primary key columns of `table`, the default conflict target of an upsert. */
export async function primaryKeyOf(client: PoolClient, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select a.attname::text as name
       from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
       join unnest(i.indkey) with ordinality k(n, ord) on true
       join pg_attribute a on a.attrelid = c.oid and a.attnum = k.n
      where i.indisprimary and n.nspname = $1 and c.relname = $2 order by k.ord`,
    [EXPOSED_SCHEMA, table],
  );
  return rows.map((row) => row.name);
}

/**
 * The overload of `name` that accepts exactly the argument names given (each a parameter, every
 * parameter without a default given). PGRST202 (404) when none does, PGRST203 (300) when several do.
 */
export async function findFunction(client: PoolClient, name: string, args: string[]): Promise<RpcFunction> {
  const { rows } = await client.query<RpcFunction>(
    `select coalesce(p.proargnames[1:p.pronargs], '{}')::text[] as parameters,
            array(select format_type(t.oid, null) from unnest(p.proargtypes) with ordinality a(oid, i)
                    join pg_type t on t.oid = a.oid order by a.i) as types,
            p.pronargdefaults as defaults, p.proretset as "returnsSet",
            (r.typtype = 'c' or r.oid = 'record'::regtype) as "returnsRow", r.oid = 'void'::regtype as "returnsVoid"
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_type r on r.oid = p.prorettype
      where n.nspname = $1 and p.proname = $2 and p.prokind = 'f' and p.proargmodes is null`,
    [EXPOSED_SCHEMA, name],
  );
  const matches = rows.filter((fn) => {
    const required = fn.parameters.slice(0, fn.parameters.length - fn.defaults);
    return (
      fn.parameters.length === fn.types.length &&
      args.every((arg) => fn.parameters.includes(arg)) &&
      required.every((parameter) => args.includes(parameter))
    );
  });
  const [match, ...others] = matches;
  const signature = `${EXPOSED_SCHEMA}.${name}(${args.join(', ')})`;
  if (!match) {
    throw new PostgrestError(
      404,
      'PGRST202',
      `Could not find the function ${signature} in the schema cache`,
      null,
      'If a new function was created in the database with this name and parameters, try reloading the schema cache.',
    );
  }
  if (others.length > 0) {
    throw new PostgrestError(
      300,
      'PGRST203',
      `Could not choose the best candidate function for ${signature}`,
    );
  }
  return match;
}
