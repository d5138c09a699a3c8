import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { eventually, tcpReachable } from '@bharatmart/testkit';

export { freePort } from '@bharatmart/testkit';

/**
 * A private redis-server for this test, so stopping it never touches the machine's shared Redis;
 * with `password`, clients must authenticate with it (`redis://:<password>@127.0.0.1:<port>`).
 */
export async function startRedis(port: number, password?: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      ...(password === undefined ? [] : ['--requirepass', password]),
    ],
    { stdio: 'ignore' },
  );
  const up = await eventually(async () => {
    return tcpReachable('127.0.0.1', port, 200);
  }, 10_000);
  if (!up) throw new Error(`redis-server did not start on ${port}`);
  return child;
}
