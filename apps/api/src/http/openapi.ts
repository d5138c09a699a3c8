import type { FastifyInstance, RouteOptions } from 'fastify';
import { errorCode } from './error-codes.js';
import type { ErrorCode } from './error-codes.js';

/**
 * The conventions every operation of the OpenAPI document follows (docs/api.md, "Conventions of the
 * OpenAPI document"): a route spreads `operation({...})` into its schema and lists the errors that
 * are its own with `responses(...)`; `installOpenApiConventions` refuses a route without them and
 * adds the errors every route of its kind can answer (bad input, body limits, auth, rate limit,
 * faults, unavailability).
 */

/** The tags of the document, in the order the reference lists them, with what each groups. */
export const TAGS = {
  operations: 'Liveness, readiness and metrics, for load balancers and monitoring',
  auth: 'Registration and login; both answer a bearer token',
  catalog: 'Browsing the catalog (public) and managing it (admin)',
  orders: 'Placing, following, cancelling and shipping orders',
  addresses: "The caller's saved shipping addresses",
  payments: "Paying an order at Razorpay's checkout, and Razorpay's webhook",
  admin: 'Operator views and actions; admin role only',
} as const;

/** A tag of the document. */
export type Tag = keyof typeof TAGS;

/** Who may call an operation: anyone, any signed-in user, or an admin. */
export type Access = 'public' | 'customer' | 'admin';

/** What names and describes an operation. */
export interface OperationInfo {
  /** Stable, lowerCamelCase, verb first (`listProducts`, `placeOrder`): generated clients name methods after it. */
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  access: Access;
}

/** The extension naming the role an operation needs beyond a valid bearer token. */
export const REQUIRED_ROLE = 'x-required-role';

const OPERATION_ID = /^[a-z][a-zA-Z0-9]*$/;

/**
 * The schema keys that name an operation and say who may call it, to spread into a route's schema:
 * a public operation says `security: []` (open on purpose), any other needs the bearer scheme, and
 * an admin one also names its role in `x-required-role`.
 */
export function operation(info: OperationInfo) {
  return {
    operationId: info.operationId,
    tags: [info.tag],
    summary: info.summary,
    ...(info.description === undefined ? {} : { description: info.description }),
    security: info.access === 'public' ? [] : [{ bearer: [] }],
    ...(info.access === 'admin' ? { [REQUIRED_ROLE]: 'admin' } : {}),
  };
}

/** The codes each error response built here stands for, so conventions can add to them. */
const codesOf = new WeakMap<object, ErrorCode[]>();

/** Seconds to wait, as 429 and 503 answers send it. */
const retryAfter = {
  'retry-after': { type: 'integer', description: 'Seconds to wait before trying again' },
} as const;

/**
 * The response for an error status: the shared error schema, a description naming each code with
 * its meaning, an example body with the first code, and `Retry-After` where the status sends it.
 * All `codes` must share one status.
 */
export function errorResponse(codes: ErrorCode[]): Record<string, unknown> {
  const entries = codes.map(errorCode);
  const first = entries[0];
  if (!first || entries.some((entry) => entry.status !== first.status))
    throw new Error(`an error response needs codes of one status: ${codes.join(', ')}`);
  const example =
    first.code === 'VALIDATION_FAILED'
      ? {
          code: first.code,
          message: 'The request is not valid',
          details: [{ field: 'items', message: 'must NOT have fewer than 1 items' }],
        }
      : { code: first.code, message: sentence(first.meaning) };
  const response = {
    description: entries.map((entry) => `\`${entry.code}\`: ${entry.meaning}`).join('; '),
    ...(first.status === 429 || first.status === 503 ? { headers: retryAfter } : {}),
    // The media-type form, so the example stays beside the schema in the document.
    content: { 'application/json': { schema: { $ref: 'Error#' }, example: { error: example } } },
  };
  codesOf.set(response, [...codes]);
  return response;
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1).replaceAll('`', '')}`;
}

const SUCCESS = { 200: 'OK', 201: 'Created', 202: 'Accepted' } as Record<number, string>;

/**
 * Responses of an operation: its success schemas (described by their status unless they carry a
 * `description`) plus one error response per status of `errors`.
 */
export function responses(success: Record<number, object>, ...errors: ErrorCode[]): Record<number, unknown> {
  const described = Object.entries(success).map(([status, schema]) => [
    status,
    { description: SUCCESS[Number(status)] ?? 'Success', ...schema },
  ]);
  return {
    ...Object.fromEntries(described),
    ...Object.fromEntries([...byStatus(errors)].map(([s, codes]) => [s, errorResponse(codes)])),
  };
}

/** `codes` grouped by their HTTP status, in order of first appearance. */
function byStatus(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const groups = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const { status } = errorCode(code);
    groups.set(status, [...(groups.get(status) ?? []), code]);
  }
  return groups;
}

const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** The error codes any route like `route` can answer, whatever it does. */
function commonErrors(route: RouteOptions): ErrorCode[] {
  const schema = route.schema ?? {};
  const methods = [route.method].flat();
  const parsesBody = methods.some((method) => BODY_METHODS.includes(method));
  const validatesInput = [schema.body, schema.querystring, schema.params, schema.headers].some(Boolean);
  const security = (schema as { security?: unknown[] }).security ?? [];
  return [
    ...(validatesInput ? (['VALIDATION_FAILED'] as const) : []),
    ...(parsesBody
      ? (['INVALID_JSON', 'INVALID_CONTENT_LENGTH', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const)
      : []),
    ...(security.length > 0 ? (['UNAUTHENTICATED'] as const) : []),
    ...(REQUIRED_ROLE in schema ? (['FORBIDDEN'] as const) : []),
    ...((route.config as { rateLimit?: unknown } | undefined)?.rateLimit ? (['RATE_LIMITED'] as const) : []),
    'INTERNAL_ERROR',
    // Any route answers 503 while the process shuts down, and most need a backend.
    'UNAVAILABLE',
  ];
}

/**
 * Makes every route registered in `scope` follow the document's conventions: it must carry
 * `operation({...})` (a unique lowerCamelCase operationId, a tag, a summary, a `security` list),
 * or registering it throws; and its responses gain the error codes every route of its kind can
 * answer (added to the codes of a status it declares with `responses`; a status it declares with
 * its own schema, such as /readyz's 503, is left as it is).
 */
export function installOpenApiConventions(scope: FastifyInstance): void {
  const seen = new Set<string>();
  scope.addHook('onRoute', (route) => {
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    if (schema.hide || route.method === 'HEAD') return;
    const where = `${[route.method].flat().join(',')} ${route.url}`;
    const { operationId, summary, tags, security } = schema;
    if (
      typeof operationId !== 'string' ||
      !OPERATION_ID.test(operationId) ||
      typeof summary !== 'string' ||
      !Array.isArray(tags) ||
      !Array.isArray(security)
    )
      throw new Error(`${where}: spread operation({...}) from http/openapi.ts into its schema`);
    if (seen.has(operationId)) throw new Error(`${where}: operationId ${operationId} is taken`);
    seen.add(operationId);

    const declared = { ...((schema.response ?? {}) as Record<string, object>) };
    for (const [status, codes] of byStatus(commonErrors(route))) {
      const own = declared[status];
      if (own && !codesOf.has(own)) continue;
      const merged = [...new Set([...(own ? (codesOf.get(own) ?? []) : []), ...codes])];
      declared[status] = errorResponse(merged);
    }
    route.schema = { ...schema, response: declared };
  });
}
