import type { DomainErrorCode } from '@bharatmart/core';
import { FASTIFY_CODES } from './error-handler.js';
import { STATUS_BY_CODE } from './error-shape.js';

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
  UNAVAILABLE:
    'a backend the request needs is down, or the process is shutting down; retry after `Retry-After` seconds',
};

/** Status and meaning of the codes answered outside the domain (malformed requests, faults of ours). */
const REQUEST_CODES = {
  INVALID_JSON: { status: 400, meaning: 'the body is not valid JSON, or is empty where JSON is expected' },
  INVALID_CONTENT_LENGTH: { status: 400, meaning: '`Content-Length` does not match the body' },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'the body is larger than `BODY_LIMIT_BYTES`' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'the body is not `application/json`' },
  BAD_REQUEST: { status: 400, meaning: 'any other malformed request (no route, bad header)' },
  INTERNAL_ERROR: {
    status: 500,
    meaning: 'a fault of ours, never caused by what a client sent; logged with its stack',
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

/** Every code an error body can carry. */
export type ErrorCode = DomainErrorCode | keyof typeof REQUEST_CODES;

/** One error code: the HTTP status it is answered with and what it means to a client. */
export interface ErrorCodeEntry {
  code: ErrorCode;
  status: number;
  meaning: string;
}

/**
 * Every error code the API answers with, domain codes first (in the order of STATUS_BY_CODE), then
 * the request codes. Throws when the error handler can answer a code that has no meaning here.
 */
export function errorCodes(): ErrorCodeEntry[] {
  const undocumented = Object.values(FASTIFY_CODES).filter((code) => !(code in REQUEST_CODES));
  if (undocumented.length > 0) throw new Error(`error codes without a meaning: ${undocumented.join(', ')}`);
  return [
    ...Object.entries(STATUS_BY_CODE).map(([code, status]) => ({
      code: code as DomainErrorCode,
      status,
      meaning: DOMAIN_CODE_MEANING[code as DomainErrorCode],
    })),
    ...Object.entries(REQUEST_CODES).map(([code, { status, meaning }]) => ({
      code: code as keyof typeof REQUEST_CODES,
      status,
      meaning,
    })),
  ];
}

/** The entry of `code`. */
export function errorCode(code: ErrorCode): ErrorCodeEntry {
  const entry = errorCodes().find((candidate) => candidate.code === code);
  if (!entry) throw new Error(`unknown error code ${code}`);
  return entry;
}
