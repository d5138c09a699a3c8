import type { DomainErrorCode } from '@bharatmart/core';
import { FASTIFY_CODES } from '../http/error-handler.js';
import { STATUS_BY_CODE } from '../http/error-shape.js';

/** The parts of an OpenAPI 3 document the reference is made of. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

interface OpenApiOperation {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
}

/** What each domain error code means to a client; typed so a new code cannot go undocumented. */
const DOMAIN_CODE_MEANING: Record<DomainErrorCode, string> = {
  VALIDATION_FAILED: 'the body, query or path does not match the schema; `details` names each bad field',
  UNAUTHENTICATED: 'no bearer token, or one that is invalid or expired; also a wrong email or password',
  FORBIDDEN: 'the token is valid but its role may not do this (admin routes)',
  NOT_FOUND: "no such resource — also another customer's order, so its existence is not confirmed",
  CONFLICT: 'the resource already exists (e.g. a product SKU)',
  EMAIL_TAKEN: 'registration with an email that already has an account',
  INSUFFICIENT_STOCK: 'an item of the order is short of stock; nothing was reserved',
  TOO_MANY_PENDING_ORDERS: 'the customer already holds `ORDER_MAX_PENDING_PER_CUSTOMER` unpaid orders',
  IDEMPOTENCY_KEY_REUSED: 'the `Idempotency-Key` was used before with a different body',
  INVALID_STATE: 'the order is in a state that does not allow this (e.g. cancelling a shipped order)',
  RATE_LIMITED: 'too many requests from this client; retry after the time the message names',
  UNAVAILABLE: 'a backend the request needs is down; retry after `Retry-After` seconds',
};

/** Status and meaning of the codes answered outside the domain (malformed requests, faults of ours). */
const REQUEST_CODES: Record<string, { status: number; meaning: string }> = {
  INVALID_JSON: { status: 400, meaning: 'the body is not valid JSON, or is empty where JSON is expected' },
  INVALID_CONTENT_LENGTH: { status: 400, meaning: '`Content-Length` does not match the body' },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'the body is larger than `BODY_LIMIT_BYTES`' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'the body is not `application/json`' },
  BAD_REQUEST: { status: 400, meaning: 'any other malformed request (no route, bad header)' },
  INTERNAL_ERROR: {
    status: 500,
    meaning: 'a fault of ours, never caused by what a client sent; logged with its stack',
  },
};

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * The operations of `document` as Markdown tables, one per tag in order of first appearance: method
 * and path, what it does, whether it needs a bearer token, and every status it documents.
 */
export function renderOperations(document: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(document.paths)) {
    const methods = Object.keys(operations).sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
    for (const method of methods) {
      const operation = operations[method] as OpenApiOperation;
      const tag = operation.tags?.[0] ?? 'other';
      const access = (operation.security?.length ?? 0) > 0 ? 'bearer token' : 'public';
      const statuses = Object.keys(operation.responses ?? {}).join(', ');
      const row = `| \`${method.toUpperCase()} ${path}\` | ${operation.summary ?? ''} | ${access} | ${statuses} |`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), row]);
    }
  }
  return [...byTag]
    .map(([tag, rows]) =>
      [
        `### ${tag}`,
        '',
        '| operation | what it does | access | statuses |',
        '| --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
    )
    .join('\n\n');
}

/** Every error code the API answers with, its HTTP status and its meaning, as one Markdown table. */
export function renderErrorCodes(): string {
  const domain = Object.entries(STATUS_BY_CODE).map(
    ([code, status]) => `| \`${code}\` | ${status} | ${DOMAIN_CODE_MEANING[code as DomainErrorCode]} |`,
  );
  const undocumented = Object.values(FASTIFY_CODES).filter((code) => !(code in REQUEST_CODES));
  if (undocumented.length > 0) throw new Error(`error codes without a meaning: ${undocumented.join(', ')}`);
  const request = Object.entries(REQUEST_CODES).map(
    ([code, { status, meaning }]) => `| \`${code}\` | ${status} | ${meaning} |`,
  );
  return ['| code | status | meaning |', '| --- | --- | --- |', ...domain, ...request].join('\n');
}

/**
 * `markdown` with the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` replaced
 * by `content`. Throws when the markers are missing, so a renamed block cannot silently go stale.
 */
export function replaceGeneratedBlock(markdown: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/api.md has no block ${start} … ${end}`);
  return `${markdown.slice(0, from + start.length)}\n\n${content}\n\n${markdown.slice(to)}`;
}

/** docs/api.md with both generated blocks (operations, error codes) rendered from `document`. */
export function renderApiReference(markdown: string, document: OpenApiDocument): string {
  return replaceGeneratedBlock(
    replaceGeneratedBlock(markdown, 'operations', renderOperations(document)),
    'error-codes',
    renderErrorCodes(),
  );
}
