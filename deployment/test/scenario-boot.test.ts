import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeWithService, eventually, runApp } from '@bharatmart/testkit';
import { ADMIN, cannotRunHere, withLocalEndpoints } from './support/local-endpoints.js';
import type { LocalScenario } from './support/local-endpoints.js';
import { placePaidOrder, ROOT, startShop } from './support/shop.js';
import type { Shop } from './support/shop.js';

const scenarios = join(ROOT, 'deployment/env/scenarios');
const CONFIG_CHECK = join(ROOT, 'packages/runtime/dist/cli/config-check.js');
const files = readdirSync(scenarios).filter((name) => name.endsWith('.env'));
const parsed = (name: string) =>
  parseEnv(readFileSync(join(scenarios, name), 'utf8')) as Record<string, string>;

describe('every scenario file passes pnpm config:check as shipped', () => {
  it.each(files)('%s', async (name) => {
    const { code, output } = await runApp(CONFIG_CHECK, {}, 30_000, ['--env-file', join(scenarios, name)]);
    expect(`${name}: exit ${code}\n${output}`).toMatch(/^[\w.-]+: exit 0\n/);
  });
});

describe('scenario files that cannot boot here', () => {
  it('are only those whose backends have no local substitute, each with its reason', () => {
    const refused = Object.fromEntries(
      files.flatMap((name) => {
        const reason = cannotRunHere(parsed(name));
        return reason === undefined ? [] : [[name, reason]];
      }),
    );
    expect(Object.keys(refused)).toEqual(['multi-tier.env']);
    expect(refused['multi-tier.env']).toContain('Oracle Autonomous Database');
  });
});

const bootable = files.filter((name) => cannotRunHere(parsed(name)) === undefined);

await describeWithService(['postgres', 'redis'], 'scenario files boot with local endpoints', () => {
  describe.each(bootable)('%s', (name) => {
    let scenario: LocalScenario;
    let shop: Shop;

    beforeAll(async () => {
      // NODE_ENV stays production where the file says so: a secret the provider does not serve (e.g.
      // JWT_SECRET from the OCI Vault stand-in) stops startup instead of being made up.
      scenario = await withLocalEndpoints(parsed(name), name.replace(/\.env$/, ''));
      shop = await startShop(scenario.env);
    }, 120_000);

    afterAll(async () => {
      const codes = (await shop?.stop()) ?? [];
      await scenario?.stop();
      expect(codes.filter((code) => code !== 0)).toEqual([]);
    });

    it('keeps the backends the file chooses (only endpoints and credentials are replaced)', () => {
      const file = parsed(name);
      const choices = [
        'NODE_ENV',
        'DATABASE_TYPE',
        'DATABASE_FALLBACK_TYPE',
        'WORKER_MODE',
        'CACHE_TYPE',
        'SECRETS_PROVIDER',
      ];
      for (const variable of choices)
        expect(`${variable}=${scenario.env[variable]}`).toBe(`${variable}=${file[variable]}`);
      const replaced = scenario.substituted.map((entry) => entry.split(' ')[0] ?? '');
      expect(replaced.filter((variable) => choices.includes(variable))).toEqual([]);
    });

    it('answers health and readiness', async () => {
      expect((await shop.client.get('/healthz')).status).toBe(200);
      const ready = await eventually(async () =>
        (await shop.client.get('/readyz')).status === 200 ? true : undefined,
      );
      expect(ready).toBe(true);
      const port = scenario.env.WORKER_HEALTH_PORT;
      if (shop.worker !== undefined && port !== undefined && port !== '0')
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    });

    it('serves a product read and takes an order that the jobs then pay', async () => {
      await placePaidOrder(shop.client, ADMIN);
    });
  });
});
