import { PostgrestError } from '../postgrest-error.js';
import { levelAt } from '../query/query-params.js';
import { assertRelationExists, loadForeignKeys } from '../sql/catalog.js';
import { hasEmbeds, qualified, SqlBuilder } from '../sql/sql-builder.js';
import { JSON_CONTENT_TYPE, OBJECT_CONTENT_TYPE, type RestContext, type RestResponse } from './rest-types.js';

/** Rows as the JSON array PostgREST answers, with how many there are. */
export interface JsonRows {
  body: string;
  count: number;
}

/**
 * Runs `sql`, a query whose rows become the response (after `withClause`, e.g. a data-modifying CTE
 * it reads from), and returns them as one JSON array.
 */
export async function jsonRows(
  ctx: RestContext,
  sql: string,
  values: unknown[],
  withClause = '',
): Promise<JsonRows> {
  const { rows } = await ctx.client.query<{ body: string; n: number }>(
    `${withClause} SELECT coalesce(json_agg(_r), '[]'::json)::text AS body, count(*)::int AS n FROM (${sql}) AS _r`,
    values,
  );
  return { body: rows[0]?.body ?? '[]', count: rows[0]?.n ?? 0 };
}

/** PGRST116 (406): a single object was requested but `count` rows matched. */
export function notSingular(count: number): PostgrestError {
  return new PostgrestError(
    406,
    'PGRST116',
    'JSON object requested, multiple (or no) rows returned',
    `The result contains ${count} rows`,
  );
}

/** The body as requested: the array, or its only element for a singular request. */
export function representation(ctx: RestContext, rows: JsonRows): { body: string; contentType: string } {
  if (!ctx.singular) return { body: rows.body, contentType: JSON_CONTENT_TYPE };
  if (rows.count !== 1) throw notSingular(rows.count);
  const [only] = JSON.parse(rows.body) as unknown[];
  return { body: JSON.stringify(only), contentType: OBJECT_CONTENT_TYPE };
}

/**
 * The rows to return: `offset`/`limit` of the root level intersected with a `Range: from-to` header
 * (GET only, as PostgREST).
 */
function requestedRange(ctx: RestContext): { offset: number; limit?: number } {
  const root = levelAt(ctx.query.levels, '');
  let start = root.offset ?? 0;
  let end = root.limit === undefined ? Infinity : start + root.limit - 1;
  const header = ctx.request.headers.range;
  if (ctx.request.method === 'GET' && typeof header === 'string' && header !== '') {
    const match = /^(?:items=)?(\d+)-(\d*)$/.exec(header.trim());
    if (!match) throw new PostgrestError(416, 'PGRST103', 'Requested range not satisfiable', header);
    const headerStart = Number(match[1]);
    const headerEnd = match[2] ? Number(match[2]) : Infinity;
    if (headerEnd < headerStart) {
      throw new PostgrestError(
        416,
        'PGRST103',
        'Requested range not satisfiable',
        'lower boundary above upper',
      );
    }
    start = Math.max(start, headerStart);
    end = Math.min(end, headerEnd);
  }
  return end === Infinity ? { offset: start } : { offset: start, limit: Math.max(0, end - start + 1) };
}

/**
 * The rows of a table or view (or of a set-returning function, `from`): select, filters, order and
 * range at every level, `count=exact` in Content-Range, 206 for a partial page, 416 past the end.
 */
export async function readRows(
  ctx: RestContext,
  table: string,
  from: (builder: SqlBuilder, alias: string) => string = () => qualified(table),
): Promise<RestResponse> {
  const foreignKeys = hasEmbeds(ctx.query.select) ? await loadForeignKeys(ctx.client) : [];
  const root = levelAt(ctx.query.levels, '');
  const { offset, limit } = requestedRange(ctx);

  const builder = new SqlBuilder(ctx.query.levels, foreignKeys);
  const alias = builder.alias();
  const source = `${from(builder, alias)} AS ${alias}`;
  const rows = await jsonRows(
    ctx,
    [
      `SELECT ${builder.selectList(ctx.query.select, alias, table)} FROM ${source}`,
      builder.where(root.conditions, alias),
      builder.orderBy(root.order, alias),
      builder.page(limit, offset),
    ].join(' '),
    builder.values,
  );

  let total: number | undefined;
  if (ctx.preferences.count !== undefined) {
    const counter = new SqlBuilder(ctx.query.levels);
    const countAlias = counter.alias();
    const countSource = `${from(counter, countAlias)} AS ${countAlias}`;
    const { rows: counted } = await ctx.client.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM ${countSource} ${counter.where(root.conditions, countAlias)}`,
      counter.values,
    );
    total = counted[0]?.total ?? 0;
    if (offset > total) {
      throw new PostgrestError(
        416,
        'PGRST103',
        'Requested range not satisfiable',
        `An offset of ${offset} was requested, but there are only ${total} rows.`,
      );
    }
  }

  const { body, contentType } = representation(ctx, rows);
  const contentRange =
    rows.count > 0 ? `${offset}-${offset + rows.count - 1}/${total ?? '*'}` : `*/${total ?? '*'}`;
  return {
    status: total !== undefined && rows.count < total && !ctx.singular ? 206 : 200,
    headers: { 'content-type': contentType, 'content-range': contentRange },
    body: ctx.request.method === 'HEAD' ? undefined : body,
  };
}

/** GET/HEAD on a table or view. */
export async function readTable(ctx: RestContext): Promise<RestResponse> {
  await assertRelationExists(ctx.client, ctx.request.target);
  return readRows(ctx, ctx.request.target);
}
