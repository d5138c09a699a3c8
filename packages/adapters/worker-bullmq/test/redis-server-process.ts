import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tcpReachable } from '@bharatmart/testkit';

/** A private, throw-away redis-server (no persistence) that tests may stop and start again. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Starts redis-server on `port` and resolves once it accepts connections. */
  start(): Promise<void>;
  /** Kills the server (SIGKILL, like a crash) and resolves once it exited. Safe when not running. */
  stop(): Promise<void>;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Prepares a private redis-server on a free port; call `start()` to run it. */
export async function privateRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      const started = spawn('redis-server', args, { stdio: 'ignore' });
      child = started;
      const deadline = Date.now() + 10_000;
      while (!(await tcpReachable('127.0.0.1', port, 200))) {
        if (started.exitCode !== null || Date.now() > deadline)
          throw new Error(`redis-server did not start on ${port}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
  };
}
