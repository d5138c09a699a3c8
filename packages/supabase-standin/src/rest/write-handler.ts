import { escapeIdentifier as q } from 'pg';
import { PostgrestError } from '../postgrest-error.js';
import { levelAt } from '../query/query-params.js';
import { assertRelationExists, loadForeignKeys, primaryKeyOf } from '../sql/catalog.js';
import { hasEmbeds, qualified, SqlBuilder } from '../sql/sql-builder.js';
import { jsonRows, notSingular, representation } from './read-handler.js';
import { JSON_CONTENT_TYPE, type RestContext, type RestResponse } from './rest-types.js';

type JsonObject = Record<string, unknown>;

function invalidBody(details: string): PostgrestError {
  return new PostgrestError(400, 'PGRST102', 'Empty or invalid json', details);
}

/** The request body as JSON; PGRST102 when it is missing or malformed. */
export function parseBody(body: string | undefined, fallback?: unknown): unknown {
  if (body === undefined || body.trim() === '') {
    if (fallback !== undefined) return fallback;
    throw invalidBody('the request has no body');
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    throw invalidBody(error instanceof Error ? error.message : String(error));
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Payload columns: `columns=` when given, else the keys of the first object, which all must share. */
function payloadColumns(ctx: RestContext, rows: JsonObject[]): string[] {
  if (ctx.query.columns) return ctx.query.columns;
  const keys = Object.keys(rows[0] ?? {});
  const same = (row: JsonObject) =>
    Object.keys(row).length === keys.length && keys.every((key) => Object.hasOwn(row, key));
  if (!rows.every(same)) throw invalidBody('All object keys must match');
  return keys;
}

/**
 * Runs the data-modifying `statement` built on `builder` (root alias `_t0`). With
 * `return=representation` its rows come back shaped by `select=` (embeds included); otherwise only
 * counted. A singular request that affected other than one row is rolled back with 406.
 */
async function respond(
  ctx: RestContext,
  builder: SqlBuilder,
  statement: string,
  status: number,
): Promise<RestResponse> {
  const table = ctx.request.target;
  const wantsBody = ctx.preferences.return === 'representation';
  let count: number;
  let body: string | undefined;
  let contentType: string | undefined;
  if (wantsBody || ctx.singular) {
    const rows = await jsonRows(
      ctx,
      `SELECT ${builder.selectList(ctx.query.select, '_t0', table)} FROM pgrst_mutation AS _t0`,
      builder.values,
      `WITH pgrst_mutation AS (${statement} RETURNING _t0.*)`,
    );
    count = rows.count;
    if (wantsBody) ({ body, contentType } = representation(ctx, rows));
    else if (count !== 1) throw notSingular(count);
  } else {
    count = (await ctx.client.query(statement, builder.values)).rowCount ?? 0;
  }
  const total = ctx.preferences.count === undefined ? '*' : String(count);
  const range = ctx.request.method === 'POST' || count === 0 ? `*/${total}` : `0-${count - 1}/${total}`;
  const headers: Record<string, string> = { 'content-range': range };
  if (contentType) headers['content-type'] = contentType;
  return body === undefined ? { status: status === 200 ? 204 : status, headers } : { status, headers, body };
}

async function builderFor(ctx: RestContext): Promise<SqlBuilder> {
  await assertRelationExists(ctx.client, ctx.request.target);
  const foreignKeys = hasEmbeds(ctx.query.select) ? await loadForeignKeys(ctx.client) : [];
  const builder = new SqlBuilder(ctx.query.levels, foreignKeys);
  builder.alias();
  return builder;
}

/** POST: insert one object or an array; with `Prefer: resolution=…` an upsert on `on_conflict` or the primary key. */
export async function insertRows(ctx: RestContext): Promise<RestResponse> {
  const table = ctx.request.target;
  const payload = parseBody(ctx.request.body);
  const rows = Array.isArray(payload) ? payload : [payload];
  if (!rows.every(isObject)) throw invalidBody('expected a JSON object or an array of objects');
  const builder = await builderFor(ctx);
  const columns = payloadColumns(ctx, rows);
  if (columns.length === 0) throw invalidBody('no columns to insert');
  const list = columns.map((column) => q(column)).join(', ');

  let conflict = '';
  const { resolution } = ctx.preferences;
  if (resolution !== undefined) {
    const target = ctx.query.onConflict ?? (await primaryKeyOf(ctx.client, table));
    if (target.length === 0) throw invalidBody(`${table} has no primary key and no on_conflict was given`);
    const targetList = target.map((column) => q(column)).join(', ');
    conflict =
      resolution === 'ignore-duplicates'
        ? `ON CONFLICT (${targetList}) DO NOTHING`
        : `ON CONFLICT (${targetList}) DO UPDATE SET ${columns.map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(', ')}`;
  }
  const payloadParam = builder.param(JSON.stringify(rows));
  const statement =
    `INSERT INTO ${qualified(table)} AS _t0 (${list}) ` +
    `SELECT ${list} FROM json_populate_recordset(NULL::${qualified(table)}, ${payloadParam}::json) ${conflict}`;
  return respond(ctx, builder, statement, 201);
}

/** PATCH: set the body's columns on every row the filters match. */
export async function updateRows(ctx: RestContext): Promise<RestResponse> {
  const table = ctx.request.target;
  const patch = parseBody(ctx.request.body);
  if (!isObject(patch)) throw invalidBody('expected a JSON object');
  const builder = await builderFor(ctx);
  const columns = ctx.query.columns ?? Object.keys(patch);
  const root = levelAt(ctx.query.levels, '');
  if (columns.length === 0) {
    // Nothing to set: nothing changes and no row is returned.
    if (ctx.preferences.return !== 'representation')
      return { status: 204, headers: { 'content-range': '*/0' } };
    return {
      status: 200,
      headers: { 'content-range': '*/0', 'content-type': JSON_CONTENT_TYPE },
      body: '[]',
    };
  }
  const payloadParam = builder.param(JSON.stringify(patch));
  const statement = [
    `UPDATE ${qualified(table)} AS _t0 SET ${columns.map((c) => `${q(c)} = _p.${q(c)}`).join(', ')}`,
    `FROM json_populate_record(NULL::${qualified(table)}, ${payloadParam}::json) AS _p`,
    builder.where(root.conditions, '_t0'),
  ].join(' ');
  return respond(ctx, builder, statement, 200);
}

/** DELETE: remove every row the filters match. */
export async function deleteRows(ctx: RestContext): Promise<RestResponse> {
  const builder = await builderFor(ctx);
  const root = levelAt(ctx.query.levels, '');
  const statement = `DELETE FROM ${qualified(ctx.request.target)} AS _t0 ${builder.where(root.conditions, '_t0')}`;
  return respond(ctx, builder, statement, 200);
}
