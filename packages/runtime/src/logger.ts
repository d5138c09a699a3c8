import { traceLogFields } from '@bharatmart/telemetry';
import { pino } from 'pino';
import type { Logger as PinoLogger } from 'pino';

/** Field paths whose values are replaced by "[redacted]" in every log line. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'body.password',
];

/**
 * The process logger: JSON lines on stdout (pino), with credential fields redacted. With `tracing`,
 * a line written inside a span carries its `trace_id` and `span_id`.
 */
export function createLogger(options: { level: string; name: string; tracing?: boolean }): PinoLogger {
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(options.tracing ? { mixin: traceLogFields } : {}),
  });
}
