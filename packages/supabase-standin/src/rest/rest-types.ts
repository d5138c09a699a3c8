import type { PoolClient } from 'pg';
import type { ParsedQuery, Preferences } from '../query/query-params.js';

/** One request to `/rest/v1/…`, independent of the HTTP framework. */
export interface RestRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE';
  /** The table or view, or the function after `/rpc/`. */
  target: string;
  rpc: boolean;
  params: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The raw request body, if any. */
  body: string | undefined;
}

/** What the stand-in answers. `rollback` ends the request's transaction without committing. */
export interface RestResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
  rollback?: boolean;
}

/** Everything a handler needs for one request, inside its transaction. */
export interface RestContext {
  client: PoolClient;
  request: RestRequest;
  query: ParsedQuery;
  preferences: Preferences;
  /** `Accept: application/vnd.pgrst.object+json`: answer one object, or 406. */
  singular: boolean;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const OBJECT_CONTENT_TYPE = 'application/vnd.pgrst.object+json; charset=utf-8';
