import type { DomainErrorCode } from '@bharatmart/core';

/** The body of every error response (docs/api.md, "Errors"). */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** The one mapping from domain error codes to HTTP statuses. */
export const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  INSUFFICIENT_STOCK: 409,
  TOO_MANY_PENDING_ORDERS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  INVALID_STATE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/** Most entries of a `details` list an error body carries; the rest are left out. */
export const MAX_ERROR_DETAILS = 20;

/** Builds an error body; a `details` list keeps its first MAX_ERROR_DETAILS entries, so it stays small. */
export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  if (details === undefined) return { error: { code, message } };
  const kept = Array.isArray(details) ? details.slice(0, MAX_ERROR_DETAILS) : details;
  return { error: { code, message, details: kept } };
}

/** JSON schema of the error body, for the OpenAPI document. */
export const errorSchema = {
  $id: 'Error',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
} as const;
