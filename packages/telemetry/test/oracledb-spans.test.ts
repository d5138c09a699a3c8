import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ancestry, freePort, startOtlpReceiver } from '@bharatmart/testkit';
import type { OtlpReceiver } from '@bharatmart/testkit';

const FIXTURE = fileURLToPath(new URL('./fixtures/oracle-repository-call.mjs', import.meta.url));
let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.stop());

/**
 * No Oracle runs here, so the call goes to a port nothing listens on: the driver's connection attempt
 * is what it traces. Statement spans need the live suite (README.md, "Live tests").
 */
describe('oracledb spans, with oracledb imported from an ES module as the Oracle adapter imports it', () => {
  it("a repository call's driver work is traced under its `db` span, in the caller's trace", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [FIXTURE], {
      env: {
        ...process.env,
        TRACES_URL: `${receiver.url}/v1/traces`,
        ORACLE_CONNECT_STRING: `127.0.0.1:${await freePort()}/FREEPDB1`,
        ORACLE_USER: 'bharatmart',
        ORACLE_PASSWORD: 'not-a-real-password',
      },
      timeout: 60_000,
    });
    const outcome = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { ok: boolean; error?: string };
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toContain('unreachable');
    const request = receiver.spans.find((span) => span.name === 'test request');
    const call = receiver.spans.find((span) => span.name === 'db products.get');
    expect(call?.parentSpanId).toBe(request?.spanId);
    const driver = receiver.spans.filter((span) => span.scope.includes('oracledb'));
    expect(driver.map((span) => span.name)).toContain('oracledb.Pool.getConnection');
    for (const span of driver) {
      expect(span.traceId).toBe(request?.traceId);
      expect(call && ancestry(receiver.spans, span)).toContain(call);
      expect(span.attributes['db.system.name']).toBe('oracle.db');
    }
  }, 90_000);
});
