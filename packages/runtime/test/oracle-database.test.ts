import { describe, expect, it } from '@jest/globals';
import { freePort } from '@bharatmart/testkit';
import { ConfigError, loadConfig } from '../src/index.js';
import { testContainer } from './support.js';

const oracle = {
  DATABASE_TYPE: 'oci-autonomous',
  OCI_DB_CONNECTION_STRING: 'shop_high',
  OCI_DB_USER: 'SHOP',
};

describe('DATABASE_TYPE=oci-autonomous', () => {
  it('requires the connect string and the user, and takes the pool settings', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_TYPE: 'oci-autonomous' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.variable).sort()).toEqual([
      'OCI_DB_CONNECTION_STRING',
      'OCI_DB_USER',
    ]);
    expect(
      loadConfig({ ...oracle, OCI_DB_WALLET_DIR: '/etc/oci/wallet', DATABASE_POOL_MAX: '4' }).database,
    ).toEqual({
      type: 'oci-autonomous',
      connectionString: 'shop_high',
      user: 'SHOP',
      walletDir: '/etc/oci/wallet',
      poolMax: 4,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 10_000,
    });
  });

  it('stops startup naming OCI_DB_PASSWORD when no secrets provider holds it', async () => {
    await expect(testContainer(oracle)).rejects.toMatchObject({
      name: 'ConfigError',
      message: expect.stringContaining(
        'OCI_DB_PASSWORD: is required for DATABASE_TYPE=oci-autonomous and was found in no secrets provider',
      ),
    });
  });

  it('opens the Oracle adapter, which fails UNAVAILABLE when nothing answers', async () => {
    const unreachable = `127.0.0.1:${await freePort()}/FREEPDB1`;
    await expect(
      testContainer({ ...oracle, OCI_DB_CONNECTION_STRING: unreachable, OCI_DB_PASSWORD: 'secret' }),
    ).rejects.toMatchObject({ name: 'AdapterError', adapter: 'oci-autonomous', code: 'UNAVAILABLE' });
  });
});
