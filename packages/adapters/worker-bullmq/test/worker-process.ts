import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('./fixtures/worker-process.mjs', import.meta.url));

/** Settings of one fixture worker process (see fixtures/worker-process.mjs). */
export interface WorkerProcessEnv {
  REDIS_URL: string;
  PREFIX: string;
  JOB_MS: number;
  CONCURRENCY: number;
  LOCK_MS: number;
  STALLED_MS: number;
  STOP_TIMEOUT_MS: number;
}

/** A running fixture worker process. */
export interface WorkerProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process ended. */
  readonly exited: Promise<number | null>;
}

const started = new Set<ChildProcess>();

/** Starts the fixture with `env` and resolves once it printed its ready line. */
export function startWorkerProcess(env: WorkerProcessEnv): Promise<WorkerProcess> {
  const vars = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
  const child = spawn(process.execPath, [FIXTURE], {
    env: { PATH: process.env.PATH ?? '', ...vars },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => started.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker process not ready:\n${output}`)), 15_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/ready \d+/.test(output)) {
        clearTimeout(timer);
        resolve({ pid: child.pid ?? 0, child, output: () => output, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker process exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** SIGKILLs every fixture process still running and waits for each to end. */
export async function killAllWorkerProcesses(): Promise<void> {
  await Promise.all(
    [...started].map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      return gone;
    }),
  );
}
