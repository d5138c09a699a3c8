import type { RunningApp } from '@bharatmart/testkit';
import type { TestApi } from '../support.js';
import { startTestApi, startTestWorker } from '../support.js';
import type { Backing, SecurityConfiguration } from './configurations.js';

/** An API (and its worker, where jobs run in one) started on a configuration's backing. */
export interface SecurityDeployment extends TestApi {
  /** Everything every process wrote so far: the API first, then its workers. */
  output(): string;
  /** Stops every process; resolves with their exit codes. */
  stop(): Promise<(number | null)[]>;
}

/**
 * Starts the API with `env` on top of the backing's environment. With `jobs: 'run'` (the default)
 * jobs run where the configuration runs them; with `'held'` no job runs — no worker process, or
 * WORKER_MODE=none where the API would run them — so placed orders stay pending, as they do while
 * payments are slow or the queue is backed up.
 */
export async function startDeployment(
  configuration: SecurityConfiguration,
  backing: Backing,
  options: { env?: Record<string, string>; jobs?: 'run' | 'held' } = {},
): Promise<SecurityDeployment> {
  const held = options.jobs === 'held';
  const env = {
    ...backing.env,
    ...(held && configuration.jobRunner === 'api' ? { WORKER_MODE: 'none' } : {}),
    ...options.env,
  };
  const api = await startTestApi(env);
  const workers: RunningApp[] = [];
  try {
    if (!held && configuration.jobRunner === 'worker') workers.push(await startTestWorker(env));
  } catch (error) {
    await api.app.stop();
    throw error;
  }
  return {
    ...api,
    companions: workers,
    output: () => [api.app, ...workers].map((app) => app.output()).join('\n'),
    stop: () => Promise.all([api.app.stop(), ...workers.map((worker) => worker.stop())]),
  };
}
