import type { HealthStatus, Logger } from '@bharatmart/core';

/** The ports whose adapters a process checks. */
export type HealthPort = 'database' | 'cache' | 'worker' | 'secrets';

/** An adapter as the monitor checks it. */
export interface MonitoredAdapter {
  port: HealthPort;
  adapter: { readonly name: string; health(): Promise<HealthStatus> };
}

/**
 * One adapter's health as last checked: `name` is its port, `type` the backend serving it at the
 * time of the report; extra fields its check returned (e.g. a failover's `activePath`) are kept.
 */
export type AdapterHealth = HealthStatus & { name: HealthPort; type: string };

/** The health of a process's adapters as last checked. */
export interface HealthReport {
  /** False when an adapter the process needs is down; optional ones are `degraded` instead. */
  ready: boolean;
  adapters: AdapterHealth[];
}

/** One adapter's health as last checked, with when it was checked and how long it has been so. */
export type AdapterHealthHistory = AdapterHealth & {
  /** When its last check finished (ISO-8601); absent before the first. */
  checkedAt?: string;
  /** When its status last changed, or when the monitor started if it never did (ISO-8601). */
  changedAt: string;
  /** Seconds since the monitor started during which its checks found it `up`. */
  upSeconds: number;
};

/** A {@link HealthReport} with each adapter's history, as the admin status shows it. */
export interface HealthHistoryReport {
  ready: boolean;
  /** When the monitor (so, the process's checks) started (ISO-8601). */
  startedAt: string;
  adapters: AdapterHealthHistory[];
}

/** What the monitor remembers of one adapter between checks. */
interface Timeline {
  checkedAt?: number;
  changedAt: number;
  /** Up time accounted until `accountedAt`. */
  upMs: number;
  accountedAt: number;
}

/** Options of {@link HealthMonitor}. */
export interface HealthMonitorOptions {
  /** How often the adapters are checked, in milliseconds; reports in between are served from memory. */
  intervalMs: number;
  /** How long one adapter's check may take before it counts as down, in milliseconds. Default 2000. */
  timeoutMs?: number;
  /** Ports the process keeps serving without: down is reported as `degraded` and keeps it ready. */
  optional?: readonly HealthPort[];
  /** Receives one line whenever an adapter's status changes (its message included). */
  logger: Logger;
}

/**
 * Checks a process's adapters at most once per interval and serves their health from memory, so
 * probes and scrapes, however many, never call a backend themselves. The first report waits for the
 * first check (concurrent callers share it); from then on a background check runs every interval.
 * An adapter whose previous check is still running is not called again: its next check waits for it.
 * It also remembers, per adapter, when it was last checked, when its status last changed and how
 * long it was up (`history()`).
 */
export class HealthMonitor {
  readonly #adapters: readonly MonitoredAdapter[];
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #optional: ReadonlySet<HealthPort>;
  readonly #logger: Logger;
  readonly #running = new Map<MonitoredAdapter, Promise<HealthStatus>>();
  #latest: HealthStatus[] | undefined;
  readonly #startedAt = Date.now();
  readonly #timelines: Timeline[];
  #checking: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(adapters: readonly MonitoredAdapter[], options: HealthMonitorOptions) {
    this.#adapters = adapters;
    this.#intervalMs = options.intervalMs;
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#optional = new Set(options.optional ?? []);
    this.#logger = options.logger;
    this.#timelines = adapters.map(() => ({
      changedAt: this.#startedAt,
      upMs: 0,
      accountedAt: this.#startedAt,
    }));
  }

  /** The adapters' health as last checked (checked now only if never before). Never rejects. */
  async report(): Promise<HealthReport> {
    if (!this.#latest) await this.#check();
    if (!this.#closed) {
      this.#timer ??= setInterval(() => void this.#check(), this.#intervalMs).unref();
    }
    const statuses = this.#latest ?? [];
    const adapters = this.#adapters.map(({ port, adapter }, index) => ({
      name: port,
      type: adapter.name,
      ...(statuses[index] ?? { status: 'down' as const, latencyMs: 0, message: 'not checked' }),
    }));
    return { ready: adapters.every((adapter) => adapter.status !== 'down'), adapters };
  }

  /**
   * The last report with, per adapter, when it was checked, when its status last changed and how
   * long it was up since the monitor started (checked now only if never before). Never rejects.
   */
  async history(): Promise<HealthHistoryReport> {
    const { ready, adapters } = await this.report();
    const now = Date.now();
    return {
      ready,
      startedAt: new Date(this.#startedAt).toISOString(),
      adapters: adapters.map((adapter, index) => {
        const timeline = this.#timelines[index] as Timeline;
        const upMs =
          timeline.upMs + (this.#latest?.[index]?.status === 'up' ? now - timeline.accountedAt : 0);
        return {
          ...adapter,
          ...(timeline.checkedAt === undefined
            ? {}
            : { checkedAt: new Date(timeline.checkedAt).toISOString() }),
          changedAt: new Date(timeline.changedAt).toISOString(),
          upSeconds: Math.round(upMs) / 1000,
        };
      }),
    };
  }

  /** Stops the background checks. Safe to call more than once. */
  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
  }

  #check(): Promise<void> {
    this.#checking ??= this.#checkAll().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  async #checkAll(): Promise<void> {
    const statuses = await Promise.all(this.#adapters.map((entry) => this.#checkOne(entry)));
    statuses.forEach((status, index) => this.#logChange(index, status));
    this.#record(statuses);
    this.#latest = statuses;
  }

  async #checkOne(entry: MonitoredAdapter): Promise<HealthStatus> {
    let call = this.#running.get(entry);
    if (!call) {
      call = entry.adapter
        .health()
        .catch((error: unknown) => ({
          status: 'down' as const,
          latencyMs: 0,
          message: error instanceof Error ? error.message : String(error),
        }))
        .finally(() => this.#running.delete(entry));
      this.#running.set(entry, call);
    }
    const status = await withTimeout(call, this.#timeoutMs);
    if (status.status !== 'down' || !this.#optional.has(entry.port)) return status;
    return {
      ...status,
      status: 'degraded',
      message: `${status.message ?? 'down'}; optional, so the process serves without it`,
    };
  }

  /** Accounts up time until now under the previous statuses, then notes the new ones. */
  #record(statuses: readonly HealthStatus[]): void {
    const now = Date.now();
    statuses.forEach((status, index) => {
      const timeline = this.#timelines[index] as Timeline;
      const before = this.#latest?.[index]?.status;
      if (before === 'up') timeline.upMs += now - timeline.accountedAt;
      timeline.accountedAt = now;
      timeline.checkedAt = now;
      if (before !== undefined && before !== status.status) timeline.changedAt = now;
    });
  }

  #logChange(index: number, status: HealthStatus): void {
    const before = this.#latest?.[index]?.status ?? 'up';
    if (status.status === before) return;
    const { port, adapter } = this.#adapters[index] as MonitoredAdapter;
    const line = { port, type: adapter.name, status: status.status, message: status.message };
    if (status.status === 'up') this.#logger.info(line, `${port} adapter is up again`);
    else this.#logger.warn(line, `${port} adapter is ${status.status}`);
  }
}

async function withTimeout(check: Promise<HealthStatus>, timeoutMs: number): Promise<HealthStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthStatus>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'down', latencyMs: timeoutMs, message: 'health check timed out' }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A report's adapters without messages or other details: name, type, status and latency only. */
export function statusOnly(adapters: readonly AdapterHealth[]): AdapterHealth[] {
  return adapters.map(({ name, type, status, latencyMs }) => ({ name, type, status, latencyMs }));
}
