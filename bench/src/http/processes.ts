import { spawn } from 'node:child_process';
import { onCleanup } from '../core/cleanup.js';

/** A server started as a child process and listening on 127.0.0.1. */
export interface Server {
  baseUrl: string;
  pid: number;
  /** The last 64 KiB the process wrote (the API logs every request at LOG_LEVEL=info). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node [nodeArgs] <entry>` with a clean environment plus `env`, like the testkit's startApp,
 * and resolves once the output shows the listening address, or matches `ready` when given (for a
 * process that serves nothing, e.g. a worker; its `baseUrl` is then empty). The process is stopped
 * at cleanup.
 */
export function startServer(
  label: string,
  entry: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  ready: RegExp = /listening at (http:\/\/127\.0\.0\.1:\d+)/i,
): Promise<Server> {
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // A process that cannot be spawned emits 'error' and no 'exit'; unheard, it would end the whole run.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      output += `\n${label} could not be started: ${error.message}`;
      resolve();
    });
  });
  const stop = onCleanup(`${label} (pid ${child.pid})`, async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  });
  return new Promise((resolve, reject) => {
    let started = false;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${label} did not listen within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-65_536);
      const match = ready.exec(output);
      if (match && !started) {
        started = true;
        clearTimeout(timer);
        resolve({ baseUrl: match[1] ?? '', pid: child.pid ?? 0, output: () => output, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      if (!started) reject(new Error(`${label} exited before listening:\n${output}`));
    });
  });
}
