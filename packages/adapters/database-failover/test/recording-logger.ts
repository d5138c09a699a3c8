import type { Logger } from '@bharatmart/core';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: object;
}

/** A Logger that appends every entry, its children's included, to `entries`. */
export function recordingLogger(entries: LogEntry[]): Logger {
  const at =
    (level: LogEntry['level']) =>
    (fields: object, message = '') =>
      entries.push({ level, message, fields });
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}
