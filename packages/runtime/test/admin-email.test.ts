import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createContainer, loadConfig } from '../src/index.js';

/** A secrets directory holding `files`, and the environment of a process reading it. */
function fileSecrets(files: Record<string, string>, extra: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'admin-email-'));
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), `${value}\n`);
  return {
    NODE_ENV: 'test',
    PGLITE_DATA_DIR: 'memory://',
    SECRETS_PROVIDER: 'file',
    SECRETS_DIR: dir,
    JWT_SECRET: 'admin-email-test-secret-that-is-32-bytes',
    ...extra,
  };
}

/** Starts a container on `env`, returning the bootstrapped admin's email and the log lines. */
async function bootstrap(env: Record<string, string>): Promise<{ email?: string; log: string }> {
  const lines: string[] = [];
  const recording = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const container = await createContainer(loadConfig(env), { env, logger: recording, role: 'api' });
  const email = container.admin?.email;
  await container.close(1000);
  return { ...(email ? { email } : {}), log: lines.join('') };
}

describe('ADMIN_EMAIL', () => {
  it('is read from the environment when the secrets provider is not env, and startup logs the admin', async () => {
    const { email, log } = await bootstrap(
      fileSecrets({ ADMIN_PASSWORD: 'admin-password' }, { ADMIN_EMAIL: 'ops@example.in' }),
    );
    expect(email).toBe('ops@example.in');
    expect(log).toContain(
      '"adminEmail":"ops@example.in","emailFrom":"environment","msg":"bootstrap admin ready"',
    );
  }, 60_000);

  it("the secrets provider's ADMIN_EMAIL wins, and the overridden variable is logged", async () => {
    const { email, log } = await bootstrap(
      fileSecrets(
        { ADMIN_PASSWORD: 'admin-password', ADMIN_EMAIL: 'vault@example.in' },
        { ADMIN_EMAIL: 'ops@example.in' },
      ),
    );
    expect(email).toBe('vault@example.in');
    expect(log).toContain('"used":"vault@example.in","ignored":"ops@example.in"');
  }, 60_000);
});
