import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import type { Logger } from '@bharatmart/core';
import { tcpReachable } from './services.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port nothing listens on now, found by binding port 0 and releasing it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A server binary run as this test's child process on a fixed port, so a test can kill it, start
 * it again on the same port, or freeze it (SIGSTOP) without touching the machine's shared server.
 */
export class ChildServer {
  private child: ChildProcess | undefined;

  constructor(
    private readonly command: string,
    private readonly args: string[],
    readonly port: number,
    /** Runs the server as this user and group (servers that refuse root); default: as this process. */
    private readonly user?: { uid: number; gid: number },
  ) {}

  /** Starts the server and waits until it accepts connections (at most 10 s). */
  async start(): Promise<void> {
    const child = spawn(this.command, this.args, { stdio: 'ignore', ...this.user });
    this.child = child;
    let spawnError: Error | undefined;
    child.once('error', (error) => (spawnError = error));
    // Last resort if the test process ends without running afterAll.
    process.once('exit', () => child.kill('SIGKILL'));
    const deadline = Date.now() + 10_000;
    while (!(await tcpReachable('127.0.0.1', this.port, 200))) {
      if (spawnError || child.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `${this.command} did not start on port ${this.port}: ${spawnError?.message ?? 'exited'}`,
        );
      }
      await sleep(50);
    }
  }

  /** Kills the server (SIGKILL, also when frozen) and waits for it to exit. Safe to call twice. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /**
   * Freezes the server: connections stay open but nothing is answered. Resolves once every thread of
   * the process is stopped, so no request sent afterwards is answered.
   */
  async freeze(): Promise<void> {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    this.child?.kill('SIGSTOP');
    await waitUntil('the frozen server to stop', 5_000, async () => everyThreadStopped(pid));
  }

  /** Lets a frozen server run again. */
  thaw(): void {
    this.child?.kill('SIGCONT');
  }
}

/** True when the kernel reports every thread of process `pid` stopped (state `T`). */
function everyThreadStopped(pid: number): boolean {
  return readdirSync(`/proc/${pid}/task`).every((thread) => {
    const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('T');
  });
}

/** Rejects when `work` has not settled within `ms` milliseconds. */
export async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`call took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `condition` every 100 ms until it holds; fails after `ms` milliseconds. */
export async function waitUntil(what: string, ms: number, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await sleep(100);
  }
}

/** A Logger that keeps each message as `level: message`, and the message of each logged `err`. */
export function recordingLogger(): { logger: Logger; lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  const record =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push(`${level}: ${msg ?? ''}`);
      const err = (obj as { err?: unknown }).err;
      if (err instanceof Error) errors.push(err.message);
    };
  const logger: Logger = {
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    debug: record('debug'),
    child: () => logger,
  };
  return { logger, lines, errors };
}

/**
 * A throw-away redis-server (no persistence) on `port` for one test, so stopping or freezing it never
 * touches the machine's shared Redis. With `password`, clients must authenticate
 * (`redis://:<password>@127.0.0.1:<port>`). Call `start()` to run it.
 */
export function privateRedisServer(port: number, options: { password?: string } = {}): ChildServer {
  return new ChildServer(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      ...['--daemonize', 'no'],
      ...(options.password === undefined ? [] : ['--requirepass', options.password]),
    ],
    port,
  );
}
