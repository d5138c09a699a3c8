import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** A built app (API or worker) running as a child process, as it runs in production. */
export interface RunningApp {
  /** `http://127.0.0.1:<port>` once the app listens (API only). */
  baseUrl: string;
  process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code once the process ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartAppOptions {
  /** Path of the built entry, e.g. apps/api/dist/main.js. */
  entry: string;
  /** Variables added to a clean environment (PATH and HOME are kept). */
  env: Record<string, string>;
  /** Resolve once the output matches; for the API, the listening line (the default). */
  readyPattern?: RegExp;
  /** Milliseconds to wait for readiness. Default 30 000. */
  timeoutMs?: number;
}

const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/;

/**
 * Starts `node <entry>` with only the given environment and waits until it is ready. Rejects with the
 * process output if it exits or times out first.
 */
export function startApp(options: StartAppOptions): Promise<RunningApp> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    HOST: '127.0.0.1',
    PORT: '0',
    ...options.env,
  };
  const child = spawn(process.execPath, [options.entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = options.readyPattern ?? LISTENING;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app did not become ready in time:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          baseUrl: match[1] ?? '',
          process: child,
          output: () => output,
          stop: (signal: NodeJS.Signals = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with code ${code} before it was ready:\n${output}`));
    });
  });
}

/** Runs `node <entry> [args]` to completion with only `env` (and PATH); returns its exit code and output. */
export function runApp(
  entry: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
  args: string[] = [],
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [entry, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process did not finish in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
