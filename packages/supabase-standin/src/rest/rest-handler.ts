import { escapeIdentifier, type Pool, type PoolClient } from 'pg';
import { authenticate, type RequestAuth } from '../jwt-auth.js';
import { fromDatabaseError, PostgrestError } from '../postgrest-error.js';
import { parsePreferences, parseQuery } from '../query/query-params.js';
import { EXPOSED_SCHEMA } from '../sql/catalog.js';
import { readTable } from './read-handler.js';
import { JSON_CONTENT_TYPE, type RestContext, type RestRequest, type RestResponse } from './rest-types.js';
import { callFunction } from './rpc-handler.js';
import { deleteRows, insertRows, updateRows } from './write-handler.js';

function header(request: RestRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Refuses another schema than the exposed one (406 PGRST106) and media types other than JSON (406 PGRST107). */
function negotiate(request: RestRequest): { singular: boolean } {
  const reading = request.method === 'GET' || request.method === 'HEAD';
  const profile = header(request, reading ? 'accept-profile' : 'content-profile');
  if (profile !== undefined && profile !== EXPOSED_SCHEMA) {
    throw new PostgrestError(406, 'PGRST106', `The schema must be one of the following: ${EXPOSED_SCHEMA}`);
  }
  const accept = header(request, 'accept') ?? '*/*';
  if (!/json|\*\/\*|application\/\*/.test(accept)) {
    throw new PostgrestError(406, 'PGRST107', `None of these media types are available: ${accept}`);
  }
  return { singular: accept.includes('application/vnd.pgrst.object') };
}

/**
 * Runs `work` in one transaction as PostgREST does: `SET LOCAL ROLE` to the JWT's role, the claims in
 * `request.jwt.claims` (so RLS policies and `auth.uid()` see them), read-only for GET and HEAD;
 * committed unless the response asks for a rollback, rolled back on any error.
 */
async function inTransaction(
  pool: Pool,
  auth: RequestAuth,
  request: RestRequest,
  work: (client: PoolClient) => Promise<RestResponse>,
): Promise<RestResponse> {
  const client = await pool.connect();
  let broken = false;
  try {
    const readOnly = request.method === 'GET' || request.method === 'HEAD';
    await client.query(readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
    await client.query(`SET LOCAL ROLE ${escapeIdentifier(auth.role)}`);
    await client.query(
      `SELECT set_config('request.jwt.claims', $1, true), set_config('request.method', $2, true),
              set_config('request.path', $3, true)`,
      [JSON.stringify(auth.claims), request.method, `/${request.rpc ? 'rpc/' : ''}${request.target}`],
    );
    const response = await work(client);
    await client.query(response.rollback ? 'ROLLBACK' : 'COMMIT');
    return response;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

function dispatch(ctx: RestContext): Promise<RestResponse> {
  const { method, rpc } = ctx.request;
  if (rpc) {
    if (method === 'PATCH' || method === 'DELETE') {
      throw new PostgrestError(405, 'PGRST101', 'Only GET or POST is allowed');
    }
    return callFunction(ctx);
  }
  switch (method) {
    case 'GET':
    case 'HEAD':
      return readTable(ctx);
    case 'POST':
      return insertRows(ctx);
    case 'PATCH':
      return updateRows(ctx);
    case 'DELETE':
      return deleteRows(ctx);
  }
}

/** The response PostgREST gives for `error`. */
export function errorResponse(error: PostgrestError): RestResponse {
  const headers: Record<string, string> = { 'content-type': JSON_CONTENT_TYPE };
  if (error.status === 401) headers['www-authenticate'] = `Bearer error="invalid_token"`;
  return { status: error.status, headers, body: JSON.stringify(error) };
}

/** Answers one `/rest/v1` request against the database behind `pool`; never throws. */
export async function handleRest(pool: Pool, jwtSecret: string, request: RestRequest): Promise<RestResponse> {
  let anonymous = true;
  try {
    const auth = await authenticate(request.headers, jwtSecret);
    anonymous = auth.role === 'anon';
    const { singular } = negotiate(request);
    const query = parseQuery(request.params);
    const preferences = parsePreferences(header(request, 'prefer'));
    return await inTransaction(pool, auth, request, async (client) => {
      const response = await dispatch({ client, request, query, preferences, singular });
      return preferences.tx === 'rollback' ? { ...response, rollback: true } : response;
    });
  } catch (error) {
    return errorResponse(fromDatabaseError(error, anonymous));
  }
}
