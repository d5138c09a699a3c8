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

/** The process logger: JSON lines on stdout (pino), with credential fields redacted. */
export function createLogger(options: { level: string; name: string }): PinoLogger {
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}
