import type { Logger } from '@bharatmart/core';
import { ConfigError } from './config/config-error.js';

/**
 * Runs `shutdown` once on the first SIGTERM or SIGINT, then exits 0 (1 if shutdown failed).
 * A second signal while shutting down exits at once with code 130.
 */
export function onShutdownSignal(logger: Logger, shutdown: (signal: string) => Promise<void>): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting immediately');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

/**
 * Ends the process for an error that happened before it could serve: a ConfigError is printed as its
 * plain message (it names each variable); anything else is logged with its stack. Exit code 1.
 */
export function exitOnStartupError(logger: Logger, error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    logger.error({ err: error }, 'startup failed');
  }
  process.exit(1);
}
