import {
  AdapterError,
  isAdapterError,
  routedRepository,
  type IDatabaseAdapter,
  type Logger,
} from '@bharatmart/core';
import { hasSqlAccess, readSwitchRecord, switchFamily } from '@bharatmart/database-sql';
import { ConfigError } from '../config/config-error.js';

export interface FollowSwitchOptions {
  /** The database the process was configured with (DATABASE_TYPE and its settings). */
  source: IDatabaseAdapter;
  /** The NEXT_ database, when the environment names one: its type and how to open it. */
  next?: { type: string; open: () => Promise<IDatabaseAdapter> };
  logger: Logger;
  /** How often the source's switch record is read. Default 500 ms. */
  pollIntervalMs?: number;
  /** How long a write refused by a switch's fence waits for the flip before it fails. Default 5 s. */
  maxWriteWaitMs?: number;
  /** Called once when the process moves to the NEXT_ database (at startup, or when the flip is seen). */
  onFlip?: (target: IDatabaseAdapter) => void;
}

/**
 * The database of a process that follows live switches (`pnpm db:switch`): calls go to the source
 * until its switch record says it flipped, then — within `pollIntervalMs` — to the NEXT_ database,
 * without a restart. A write refused by the switch's fence waits for the flip (up to `maxWriteWaitMs`)
 * and then runs on the target; reads never wait. A process started on a source that has already
 * flipped follows it at once, or — without NEXT_ settings naming the target — refuses to start,
 * naming it. A running process that sees a flip it cannot follow reports its database down, so it
 * leaves the load balancer instead of serving stale reads. Sources the switch does not support
 * (failover pairs) are returned as they are; a Supabase source's record is read over its direct
 * connection (SUPABASE_DB_URL).
 */
export async function followDatabaseSwitch(options: FollowSwitchOptions): Promise<IDatabaseAdapter> {
  const { source, next, logger } = options;
  const access = hasSqlAccess(source) ? source.sqlAccess : undefined;
  const family = access ? switchFamily(access) : undefined;
  if (!access || !family) return source;
  const readRecord = () => readSwitchRecord(access, family);

  const record = await readRecord().catch((error: unknown) => {
    // The first statement a process sends may be this one: an unreachable database is UNAVAILABLE here too.
    if (isAdapterError(error) || access.features.classifyError(error) !== 'unavailable') throw error;
    throw new AdapterError(source.name, 'UNAVAILABLE', `database unreachable: ${String(error)}`, {
      cause: error,
    });
  });
  if (record?.phase === 'flipped') {
    if (!next || next.type !== record.target) {
      throw new ConfigError([
        {
          variable: next ? 'NEXT_DATABASE_TYPE' : 'DATABASE_TYPE',
          message: `this database was switched to ${record.target} at ${record.updatedAt} (switch ${record.switchId}): configure the ${record.target} database${next ? '' : ', or set NEXT_DATABASE_TYPE and its NEXT_ settings to follow it'}`,
        },
      ]);
    }
    const target = await next.open();
    await source.close();
    options.onFlip?.(target);
    logger.warn(
      { database: target.name, switchId: record.switchId },
      'this database was switched: running on the NEXT_ database; promote the NEXT_ settings to the plain ones',
    );
    return target;
  }
  return new FollowingDatabase(source, readRecord, options).adapter;
}

/** Repository methods that look a row up and answer undefined when it is missing. */
const LOOKUP = /^(get|find)/;

class FollowingDatabase {
  readonly adapter: IDatabaseAdapter;
  #current: IDatabaseAdapter;
  #unfollowable: string | undefined;
  #flipping: Promise<void> | undefined;
  #checking: Promise<void> | undefined;
  /** Whether the last read of the switch record failed: a failing read is logged once, not per poll. */
  #readFailing = false;
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly source: IDatabaseAdapter,
    readonly readRecord: () => ReturnType<typeof readSwitchRecord>,
    readonly options: FollowSwitchOptions,
  ) {
    this.#current = source;
    this.#timer = setInterval(() => void this.#poll(), options.pollIntervalMs ?? 500);
    this.#timer.unref();
    const route = <T>(operation: (db: IDatabaseAdapter) => Promise<T>, method: string) =>
      this.#route(operation, method);
    const current = () => this.#current;
    this.adapter = {
      get name() {
        return current().name;
      },
      products: routedRepository('products', source, route),
      users: routedRepository('users', source, route),
      orders: routedRepository('orders', source, route),
      payments: routedRepository('payments', source, route),
      invoices: routedRepository('invoices', source, route),
      addresses: routedRepository('addresses', source, route),
      emails: routedRepository('emails', source, route),
      outbox: routedRepository('outbox', source, route),
      migrations: {
        latest: () => this.#current.migrations.latest(),
        status: () => this.#current.migrations.status(),
        identity: () => this.#current.migrations.identity(),
      },
      health: async () =>
        this.#unfollowable
          ? { status: 'down', latencyMs: 0, message: this.#unfollowable }
          : this.#current.health(),
      close: async () => {
        clearInterval(this.#timer);
        await this.#flipping?.catch(() => undefined);
        await Promise.all([source.close(), this.#current.close()]);
      },
      // The adapter serving now, for tools that work on whole tables (a switch started by the API).
      get sqlAccess() {
        const db = current();
        return hasSqlAccess(db) ? db.sqlAccess : undefined;
      },
    } as IDatabaseAdapter;
  }

  async #route<T>(operation: (db: IDatabaseAdapter) => Promise<T>, method: string): Promise<T> {
    const deadline = Date.now() + (this.options.maxWriteWaitMs ?? 5000);
    for (;;) {
      const db = this.#current;
      try {
        const result = await operation(db);
        // A row the source does not have may already be on the target, written by a process that saw
        // the flip first (an order placed there, whose job reached this worker): before answering
        // "not found", look at the switch record now rather than at the next poll. Only lookups
        // (the ports name them get…/find…; they answer undefined for a missing row) are repeated.
        if (result !== undefined || db !== this.source || !LOOKUP.test(method)) return result;
        await this.#checkNow();
        return this.#current === db ? result : await operation(this.#current);
      } catch (error) {
        const paused = isAdapterError(error, 'WRITES_PAUSED');
        if (!paused || db !== this.source || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
        await this.#poll();
      }
    }
  }

  /** Reads the switch record now (one read for concurrent callers); moves to the target if it flipped. */
  #checkNow(): Promise<void> {
    return (this.#checking ??= this.#poll().finally(() => {
      this.#checking = undefined;
    }));
  }

  /** Reads the switch record and moves to the target once it flipped; never throws. */
  async #poll(): Promise<void> {
    if (this.#current !== this.source || this.#unfollowable) return;
    try {
      const record = await this.readRecord();
      this.#readFailing = false;
      if (record?.phase !== 'flipped') return;
      const next = this.options.next;
      if (!next || next.type !== record.target) {
        this.#unfollowable = `the database was switched to ${record.target} (switch ${record.switchId}); this process has no NEXT_ settings for it: restart it with the ${record.target} settings`;
        this.options.logger.error({ switchId: record.switchId, target: record.target }, this.#unfollowable);
        return;
      }
      this.#flipping ??= this.#flip(next, record.switchId);
      await this.#flipping;
    } catch (error) {
      if (!this.#readFailing)
        this.options.logger.warn({ err: error }, 'could not read the database switch record');
      this.#readFailing = true;
    }
  }

  async #flip(next: NonNullable<FollowSwitchOptions['next']>, switchId: string): Promise<void> {
    try {
      const target = await next.open();
      this.#current = target;
      clearInterval(this.#timer);
      this.options.onFlip?.(target);
      this.options.logger.warn(
        { database: target.name, switchId },
        'database switched: now serving from the NEXT_ database; promote the NEXT_ settings to the plain ones',
      );
      // Calls still running on the source finish before it closes.
      setTimeout(() => void this.source.close(), 5000).unref();
    } catch (error) {
      this.#flipping = undefined;
      throw error;
    }
  }
}
