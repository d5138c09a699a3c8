import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { createTestCertificates } from '@bharatmart/testkit';
import { nginxPrefix, shippedSitePrefix } from './support/nginx.js';

const deployment = fileURLToPath(new URL('../', import.meta.url));

describe('nginx', () => {
  it('nginx -t accepts the shipped configuration', () => {
    const certificates = createTestCertificates();
    const prefix = shippedSitePrefix(
      { http: 18080, https: 18443, internal: 18081, apis: [3001, 3002] },
      certificates,
    );
    const result = spawnSync('nginx', ['-t', '-p', prefix, '-c', join(prefix, 'nginx.conf')], {
      encoding: 'utf8',
    });
    expect(result.error).toBeUndefined();
    expect(`${result.stderr}`).toContain('syntax is ok');
    expect(result.status).toBe(0);
    certificates.remove();
  });

  it('nginx -t rejects a broken configuration (the check is real)', () => {
    const prefix = nginxPrefix('server { listen 127.0.0.1:18081; proxy_next_upstream sometimes; }');
    const result = spawnSync('nginx', ['-t', '-p', prefix, '-c', join(prefix, 'nginx.conf')], {
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
  });
});

describe('systemd units', () => {
  it.each(['bharatmart-api@.service', 'bharatmart-worker@.service'])(
    '%s stops gracefully within its timeout',
    (unit) => {
      const text = readFileSync(join(deployment, 'systemd', unit), 'utf8');
      expect(text).toMatch(/^KillSignal=SIGTERM$/m);
      expect(Number(/^TimeoutStopSec=(\d+)$/m.exec(text)?.[1])).toBeGreaterThan(25);
      expect(text).toMatch(/^EnvironmentFile=/m);
      expect(text).toMatch(/^Restart=/m);
    },
  );

  it('systemd-analyze verify finds no error in the units', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bharatmart-units-'));
    for (const unit of ['bharatmart-api@.service', 'bharatmart-worker@.service']) {
      writeFileSync(join(dir, unit), readFileSync(join(deployment, 'systemd', unit), 'utf8'));
    }
    const result = spawnSync(
      'systemd-analyze',
      ['verify', join(dir, 'bharatmart-api@3001.service'), join(dir, 'bharatmart-worker@1.service')],
      {
        encoding: 'utf8',
        env: { ...process.env, SYSTEMD_LOG_LEVEL: 'err' },
      },
    );
    expect(result.error).toBeUndefined();
    const errors = `${result.stdout}${result.stderr}`
      .split('\n')
      .filter(
        (line) =>
          line.trim() &&
          !/Failed to open .*bharatmart\.env|credential|Cannot add dependency|not found|No such file/i.test(
            line,
          ),
      );
    expect(errors).toEqual([]);
  });
});
