import { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';

/**
 * Fastify's per-request log lines, off the info level. Fastify writes two lines per request at info
 * ("incoming request" and "request completed"), each through the serialisers and the logger's
 * redaction, and on a cached read that logging cost more CPU than the route itself (bench/README.md).
 * Here a finished request writes one flat line at **debug**: `method`, `url`, `statusCode`,
 * `responseTime` (ms) and the `reqId` binding, as "request completed"; the "incoming request" line
 * (with the client's address and port) is written at **trace**. A response that ended in an error
 * Fastify reports is still logged at error ("request errored"), and the error handler logs 5xx causes.
 * At info, requests are counted and timed by route and status in `/metrics`
 * (`http_requests_total`, `http_request_duration_seconds`); nginx in front keeps an access log.
 * The lines pass the logger's redaction and never hold headers or bodies.
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.trace({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTime: reply.elapsedTime,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.debug(line, 'request completed');
  }
}

type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;
type LevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type LogArgs = Parameters<FastifyBaseLogger['info']>;
type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
/** What pino adds to Fastify's logger type and this file uses. */
type LevelAware = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

/**
 * Stands in for a request's child logger and makes the real one (pino `child`, which runs the
 * bindings through the redaction) only when a line at an enabled level is written: most requests
 * write none at info.
 */
class LazyChildLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: LevelAware,
    private readonly bindings: Bindings,
    private readonly options: ChildOptions,
  ) {}

  get level(): string {
    return this.#child ? this.#child.level : this.parent.level;
  }

  set level(level: string) {
    this.#real().level = level;
  }

  fatal(...args: LogArgs): void {
    this.#write('fatal', args);
  }
  error(...args: LogArgs): void {
    this.#write('error', args);
  }
  warn(...args: LogArgs): void {
    this.#write('warn', args);
  }
  info(...args: LogArgs): void {
    this.#write('info', args);
  }
  debug(...args: LogArgs): void {
    this.#write('debug', args);
  }
  trace(...args: LogArgs): void {
    this.#write('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }

  #write(level: LevelName, args: LogArgs): void {
    if (this.#child || this.parent.isLevelEnabled(level)) this.#real()[level](...args);
  }

  #real(): FastifyBaseLogger {
    return (this.#child ??= this.parent.child(this.bindings, this.options));
  }
}

/**
 * Fastify's `childLoggerFactory`: a LazyChildLogger per request. A route with its own log level
 * gets its real child at once.
 */
export const lazyChildLogger: ChildLoggerFactory = (logger, bindings, options) => {
  const parent = logger as LevelAware;
  if (options.level !== undefined || typeof parent.isLevelEnabled !== 'function') {
    return logger.child(bindings, options);
  }
  return new LazyChildLogger(parent, bindings, options) as unknown as FastifyBaseLogger;
};
