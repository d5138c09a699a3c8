import { escapeIdentifier as q } from 'pg';
import { PostgrestError } from '../postgrest-error.js';
import { findFunction, type RpcFunction } from '../sql/catalog.js';
import { qualified, SqlBuilder } from '../sql/sql-builder.js';
import { readRows } from './read-handler.js';
import { JSON_CONTENT_TYPE, type RestContext, type RestResponse } from './rest-types.js';
import { parseBody } from './write-handler.js';

/** The named arguments: the JSON object posted, or the query parameters without an operator (GET). */
function argumentsOf(ctx: RestContext): Record<string, unknown> {
  if (ctx.request.method !== 'POST') return ctx.query.arguments;
  const body = parseBody(ctx.request.body, {});
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PostgrestError(
      400,
      'PGRST102',
      'Empty or invalid json',
      'expected a JSON object of named arguments',
    );
  }
  return body as Record<string, unknown>;
}

/**
 * `FROM`-clause items that turn the JSON arguments into typed values (`json_to_record`, with the
 * parameter types of the catalog), and the call passing each by name: `fn("a" := _a."a")`.
 */
function callOf(
  builder: SqlBuilder,
  name: string,
  fn: RpcFunction,
  args: Record<string, unknown>,
): { from: string; call: string } {
  const names = Object.keys(args);
  const call = `${qualified(name)}(${names.map((arg) => `${q(arg)} := _a.${q(arg)}`).join(', ')})`;
  if (names.length === 0) return { from: '', call };
  const definitions = names.map((arg) => `${q(arg)} ${fn.types[fn.parameters.indexOf(arg)] ?? 'text'}`);
  return {
    from: `json_to_record(${builder.param(JSON.stringify(args))}::json) AS _a(${definitions.join(', ')})`,
    call,
  };
}

/**
 * `POST /rpc/<fn>` with named JSON arguments (or `GET` with query parameters, read-only): a scalar
 * result as its JSON value, `void` as 204, a row as an object, a set of rows as an array that the
 * usual select, filters, order and range apply to.
 */
export async function callFunction(ctx: RestContext): Promise<RestResponse> {
  const name = ctx.request.target;
  const builder = new SqlBuilder(ctx.query.levels);
  const args = argumentsOf(ctx);
  const fn = await findFunction(ctx.client, name, Object.keys(args));

  if (fn.returnsSet) {
    return readRows(ctx, '', (setBuilder) => {
      const { from, call } = callOf(setBuilder, name, fn, args);
      return from === '' ? call : `${from}, LATERAL ${call}`;
    });
  }
  const { from, call } = callOf(builder, name, fn, args);
  const fromClause = from === '' ? '' : `FROM ${from}`;
  if (fn.returnsVoid) {
    await ctx.client.query(`SELECT ${call} ${fromClause}`, builder.values);
    return { status: 204, headers: {} };
  }
  const select = fn.returnsRow
    ? `SELECT row_to_json(_r)::text AS body FROM (SELECT * FROM ${from === '' ? call : `${from}, LATERAL ${call}`} AS _t0) AS _r`
    : `SELECT to_json(${call})::text AS body ${fromClause}`;
  const { rows } = await ctx.client.query<{ body: string | null }>(select, builder.values);
  return {
    status: 200,
    headers: { 'content-type': JSON_CONTENT_TYPE },
    body: ctx.request.method === 'HEAD' ? undefined : (rows[0]?.body ?? 'null'),
  };
}
