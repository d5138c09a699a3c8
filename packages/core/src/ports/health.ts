/** What an adapter's health check reports. */
export interface HealthStatus {
  /** `degraded`: working through a documented fallback (e.g. a dead cache bypassed). */
  status: 'up' | 'degraded' | 'down';
  /** Round trip of the check in milliseconds. */
  latencyMs: number;
  /** A short reason when not `up`; never contains a secret. */
  message?: string;
}

/** Lifecycle every adapter shares. */
export interface AdapterLifecycle {
  /** The backend's short name as configured, e.g. `pglite`, `redis`. */
  readonly name: string;
  /** Checks the backend answers now. Never throws: failures come back as `down`. */
  health(): Promise<HealthStatus>;
  /** Releases connections and timers. Safe to call more than once. */
  close(): Promise<void>;
}

/** Runs `check` and turns its outcome and duration into a HealthStatus. */
export async function measureHealth(check: () => Promise<unknown>): Promise<HealthStatus> {
  const started = performance.now();
  try {
    await check();
    return { status: 'up', latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
