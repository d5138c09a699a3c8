import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import pg from 'pg';
import { prepareDatabaseRoles } from './database-roles.js';
import { mintKey } from './jwt-auth.js';
import { handleRest } from './rest/rest-handler.js';
import type { RestRequest } from './rest/rest-types.js';

export interface SupabaseStandinOptions {
  /** The PostgreSQL database to serve, e.g. `postgres://postgres@127.0.0.1:5432/app`; a superuser. */
  databaseUrl: string;
  /** The HS256 secret every JWT must be signed with; the anon and service-role keys are signed with it. */
  jwtSecret: string;
  /** Port to listen on; default 0, a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Most database connections at once (one per request in flight); default 10. */
  poolMax?: number;
}

/** A running stand-in: point supabase-js at `url` with one of its keys. */
export interface SupabaseStandin {
  /** E.g. `http://127.0.0.1:54321` (no trailing slash); the REST API is under `/rest/v1`. */
  readonly url: string;
  /** A JWT with `role: anon`: what a browser would hold. */
  readonly anonKey: string;
  /** A JWT with `role: service_role`: bypasses Row Level Security. A secret. */
  readonly serviceRoleKey: string;
  /** Stops listening and closes the database pool. Safe to call more than once. */
  stop(): Promise<void>;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'] as const;

/**
 * Starts a PostgREST-protocol server under `/rest/v1` backed by the PostgreSQL at `databaseUrl`,
 * after creating Supabase's API roles there if missing (see README for what it covers). Each request's
 * JWT is verified with `jwtSecret` and the request runs in its own transaction as the JWT's role, so
 * Row Level Security applies as on Supabase.
 */
export async function startSupabaseStandin(options: SupabaseStandinOptions): Promise<SupabaseStandin> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolMax ?? 10 });
  pool.on('error', () => {}); // an idle connection the server dropped; the next request opens another
  try {
    await prepareDatabaseRoles(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }

  const app = Fastify({ logger: false, exposeHeadRoutes: false });
  // PostgREST reads bodies itself: an empty DELETE body is fine, malformed JSON is its PGRST102.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const serve = (rpc: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as { target: string };
    const restRequest: RestRequest = {
      method: request.method as RestRequest['method'],
      target: params.target,
      rpc,
      params: new URL(request.url, 'http://standin').searchParams,
      headers: request.headers,
      body: typeof request.body === 'string' ? request.body : undefined,
    };
    const response = await handleRest(pool, options.jwtSecret, restRequest);
    reply.code(response.status).headers(response.headers);
    return reply.send(response.body);
  };
  app.route({ method: [...METHODS], url: '/rest/v1/rpc/:target', handler: serve(true) });
  app.route({ method: [...METHODS], url: '/rest/v1/:target', handler: serve(false) });

  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    await pool.end();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${reachableHost}:${port}`,
    anonKey: await mintKey(options.jwtSecret, 'anon'),
    serviceRoleKey: await mintKey(options.jwtSecret, 'service_role'),
    stop: () =>
      (stopping ??= (async () => {
        try {
          await app.close();
        } finally {
          await pool.end();
        }
      })()),
  };
}
