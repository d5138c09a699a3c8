import {
  AdapterError,
  createCircuitBreaker,
  isOutage,
  reportsActivePath,
  routedRepository,
} from '@bharatmart/core';
import type {
  ActivePathReporting,
  DatabasePath,
  HealthStatus,
  IDatabaseAdapter,
  Logger,
} from '@bharatmart/core';
import { PairIdentity } from './pair-identity.js';

/** When the circuit opens and when it tries the primary again. */
export interface FailoverBreakerOptions {
  /**
   * Consecutive primary outages (AdapterError `UNAVAILABLE` or `TIMEOUT`) that open the circuit.
   * Each of them already costs the caller one attempt at the primary before the fallback answers,
   * hence a small default. Whole number ≥ 1; default 3.
   */
  failureThreshold?: number;
  /**
   * Milliseconds the open circuit sends every call to the fallback before one call probes the
   * primary again (half-open). Whole number ≥ 0; default 10 000.
   */
  halfOpenAfterMs?: number;
}

export interface FailoverDatabaseOptions {
  /** Serves every call while it answers. */
  primary: IDatabaseAdapter;
  /** Reaches the same data another way (e.g. direct PostgreSQL behind Supabase's REST gateway). */
  fallback: IDatabaseAdapter;
  /**
   * Receives one entry per switch of the active path (warn to the fallback, info back), a warning
   * when migrations skip an unavailable side, and circuit changes that switch nothing at debug.
   */
  logger: Logger;
  breaker?: FailoverBreakerOptions;
}

/** A HealthStatus naming its adapter. */
export type NamedHealthStatus = HealthStatus & { name: string };

/**
 * The failover's health: `up` when the primary serves and both answer; `degraded` when the
 * fallback serves or either side is down while the other answers; `down` when both are down.
 */
export interface FailoverHealthStatus extends HealthStatus {
  activePath: DatabasePath;
  primary: NamedHealthStatus;
  fallback: NamedHealthStatus;
}

/** An IDatabaseAdapter that fails over from a primary to a fallback. */
export interface FailoverDatabase extends IDatabaseAdapter, ActivePathReporting {
  /** `primary` while the circuit is closed; `fallback` while it is open or probing. */
  activePath(): DatabasePath;
  /** Checks both sides now (never touching the circuit). */
  health(): Promise<FailoverHealthStatus>;
}

/** True when `adapter` is a failover database: it has the `activePath` capability. */
export function isFailoverDatabase(adapter: IDatabaseAdapter): adapter is FailoverDatabase {
  return reportsActivePath(adapter);
}

/**
 * A database adapter named `failover(<primary>,<fallback>)` that sends every repository call to
 * the primary through core's circuit breaker (`createCircuitBreaker`) and retries it once on the fallback when the
 * primary is out (see `isOutage`). DomainErrors and every other error pass through unchanged and
 * never open the circuit: they are answers of the primary, so they reset its count of consecutive
 * outages, and a probe answered with one closes the circuit. After `failureThreshold` consecutive outages the circuit
 * opens: calls go straight to the fallback. After `halfOpenAfterMs` the next call probes the
 * primary while concurrent calls keep to the fallback; the probe's success sends traffic back to
 * the primary, its outage keeps the circuit open for another `halfOpenAfterMs`.
 *
 * `migrations.latest()` runs on the primary, then on the fallback; an outage of one side is
 * logged and tolerated when the other side applied the migrations. It then proves that both sides
 * reach the same database (see PairIdentity): different database identities raise
 * DatabasePairMismatchError, so a process never starts on a pair that would split its data. A side
 * unreachable then serves only after its identity, read when it first answers, matches; a side
 * that does not match never serves (calls it would take fail `UNAVAILABLE` or stay on the other
 * side). `close()` closes both.
 *
 * A write whose connection broke after the statement was sent may have committed on the primary
 * before it is retried on the fallback. Order creation with an idempotency key, payments,
 * invoices, emails and outbox entries are keyed and replay safely; other writes may apply twice.
 */
export function createFailoverDatabase(options: FailoverDatabaseOptions): FailoverDatabase {
  const { primary, fallback, logger } = options;
  const name = `failover(${primary.name},${fallback.name})`;
  const identity = new PairIdentity(name, { primary, fallback }, logger);
  const context = { database: name, primary: primary.name, fallback: fallback.name };
  const breaker = createCircuitBreaker({
    name,
    failureThreshold: options.breaker?.failureThreshold ?? 3,
    halfOpenAfterMs: options.breaker?.halfOpenAfterMs ?? 10_000,
    logger,
    context,
    downMessage: `database primary ${primary.name} unavailable; serving from the fallback ${fallback.name}`,
    upMessage: `database primary ${primary.name} answers again; serving from it`,
  });
  const activePath = (): DatabasePath =>
    breaker.state() === 'closed' && !identity.mismatched('primary') ? 'primary' : 'fallback';

  /** Runs `operation` on the fallback once it proved to be the primary's database. */
  async function onFallback<T>(operation: (db: IDatabaseAdapter) => Promise<T>): Promise<T> {
    if (!(await identity.trusts('fallback'))) {
      throw new AdapterError(
        name,
        'UNAVAILABLE',
        `the primary ${primary.name} is unavailable and the fallback ${fallback.name} is another database`,
      );
    }
    return operation(fallback);
  }

  /**
   * Runs `operation` on the primary through the breaker (a primary first reached after the start
   * proves its identity before it serves); an outage of the primary, a refusal while the circuit is
   * open or another call probes, or a primary that is not the pair's database sends it to the
   * fallback instead.
   */
  async function route<T>(operation: (db: IDatabaseAdapter) => Promise<T>): Promise<T> {
    if (identity.mismatched('primary')) return onFallback(operation);
    let answer: { value: T } | { untrusted: true };
    try {
      answer = await breaker.execute(async () =>
        (await identity.trusts('primary'))
          ? { value: await operation(primary) }
          : { untrusted: true as const },
      );
    } catch (error) {
      if (isOutage(error)) return onFallback(operation);
      throw error;
    }
    if ('untrusted' in answer) return onFallback(operation);
    return answer.value;
  }

  let closing: Promise<void> | undefined;
  return {
    name,
    products: routedRepository('products', primary, route),
    users: routedRepository('users', primary, route),
    orders: routedRepository('orders', primary, route),
    payments: routedRepository('payments', primary, route),
    invoices: routedRepository('invoices', primary, route),
    addresses: routedRepository('addresses', primary, route),
    emails: routedRepository('emails', primary, route),
    outbox: routedRepository('outbox', primary, route),
    migrations: {
      latest: async () => {
        const applied = await migrateBoth(primary, fallback, logger.child(context));
        await identity.verify(isOutage);
        return applied;
      },
      status: () => route((db) => db.migrations.status()),
      identity: () => route((db) => db.migrations.identity()),
    },
    activePath,
    health: async () => {
      const [primaryHealth, fallbackHealth] = await Promise.all([primary.health(), fallback.health()]);
      return describeHealth(
        activePath(),
        { name: primary.name, ...primaryHealth },
        { name: fallback.name, ...fallbackHealth },
      );
    },
    close: () => (closing ??= Promise.all([primary.close(), fallback.close()]).then(() => undefined)),
  };
}

async function migrateBoth(primary: IDatabaseAdapter, fallback: IDatabaseAdapter, logger: Logger) {
  const applied = new Set<string>();
  const outages: unknown[] = [];
  for (const db of [primary, fallback]) {
    try {
      for (const migration of await db.migrations.latest()) applied.add(migration);
    } catch (error) {
      if (!isOutage(error)) throw error;
      outages.push(error);
      logger.warn({ error: (error as Error).message }, `migrations skipped on ${db.name}: unavailable`);
    }
  }
  if (outages.length === 2) throw outages[1];
  return [...applied];
}

function describeHealth(
  activePath: DatabasePath,
  primary: NamedHealthStatus,
  fallback: NamedHealthStatus,
): FailoverHealthStatus {
  const latencyMs = Math.max(primary.latencyMs, fallback.latencyMs);
  const both = { activePath, primary, fallback };
  if (primary.status === 'down' && fallback.status === 'down') {
    const message = `primary ${primary.name} and fallback ${fallback.name} are down`;
    return { status: 'down', latencyMs, message, ...both };
  }
  if (activePath === 'fallback') {
    const message = `serving from the fallback ${fallback.name}; primary ${primary.name} is ${primary.status}`;
    return { status: 'degraded', latencyMs, message, ...both };
  }
  if (primary.status !== 'up') {
    const message = `primary ${primary.name} is ${primary.status}; calls fail over to ${fallback.name}`;
    return { status: 'degraded', latencyMs, message, ...both };
  }
  if (fallback.status !== 'up') {
    const message = `fallback ${fallback.name} is ${fallback.status}; no failover available`;
    return { status: 'degraded', latencyMs, message, ...both };
  }
  return { status: 'up', latencyMs, ...both };
}
