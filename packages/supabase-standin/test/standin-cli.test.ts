import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  createPostgresTestDatabase,
  describeWithService,
  type PostgresTestDatabase,
} from '@bharatmart/testkit';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Starts the built CLI and resolves with its output once it printed the service role key. */
function startCli(env: Record<string, string>): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, [cli], { env: { ...process.env, ...env }, stdio: 'pipe' });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/SUPABASE_SERVICE_ROLE_KEY=\S+\n[\s\S]*SUPABASE_STANDIN_JWT_SECRET=/.test(output))
        resolve({ child, output });
    });
    child.stderr?.on('data', (chunk: Buffer) => reject(new Error(chunk.toString())));
    child.once('exit', (code) => reject(new Error(`the CLI exited with ${code}: ${output}`)));
  });
}

await describeWithService('postgres', 'Supabase stand-in: CLI (dist/cli.js)', () => {
  let database: PostgresTestDatabase;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    database = await createPostgresTestDatabase('standin_cli');
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await database?.drop();
  });

  it('serves DATABASE_URL on SUPABASE_STANDIN_PORT and prints SUPABASE_URL and a working service role key', async () => {
    const started = await startCli({ DATABASE_URL: database.url, SUPABASE_STANDIN_PORT: '0' });
    child = started.child;
    const url = /SUPABASE_URL=(\S+)/.exec(started.output)?.[1] ?? '';
    const key = /SUPABASE_SERVICE_ROLE_KEY=(\S+)/.exec(started.output)?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/rest/v1/nope`, {
      headers: { apikey: key, authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'PGRST205' });

    const exited = new Promise((resolve) => started.child.once('exit', resolve));
    started.child.kill('SIGTERM');
    await expect(exited).resolves.toBe(0);
  });
});
