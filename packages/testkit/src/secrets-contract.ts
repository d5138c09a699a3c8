import { afterEach, describe, expect, it } from '@jest/globals';
import type { ISecretsProvider } from '@bharatmart/core';

/** The secrets the suite asks a backend to hold: plain, symbol-laden, and multi-line (PEM-like). */
const SEED: Readonly<Record<string, string>> = {
  CONTRACT_DB_PASSWORD: 'pa55-wörd with spaces & $ymbols!',
  CONTRACT_API_KEY: 'key-0123456789',
  CONTRACT_SIGNING_KEY: '-----BEGIN KEY-----\nMIIBOgIBAAJBAK\n-----END KEY-----',
};

/**
 * The ISecretsProvider contract. `createProvider(seed)` must return a fresh provider whose backend
 * holds exactly the secrets of `seed` among the names the suite uses (a file or vault backend writes
 * them first); the suite closes it after each test.
 */
export function describeSecretsContract(
  label: string,
  createProvider: (seed: Record<string, string>) => Promise<ISecretsProvider>,
): void {
  describe(`${label}: ISecretsProvider contract`, () => {
    let provider: ISecretsProvider | undefined;
    const open = async (): Promise<ISecretsProvider> => (provider = await createProvider({ ...SEED }));

    afterEach(async () => {
      await provider?.close();
      provider = undefined;
    });

    it('get returns the exact value of a held secret', async () => {
      const secrets = await open();
      for (const [name, value] of Object.entries(SEED)) {
        expect(await secrets.get(name)).toBe(value);
      }
    });

    it('get returns undefined for a name it does not hold', async () => {
      const secrets = await open();
      expect(await secrets.get('CONTRACT_NOT_HELD')).toBeUndefined();
      expect(await secrets.get('toString')).toBeUndefined();
    });

    it('getMany returns the held names and leaves absent ones out', async () => {
      const secrets = await open();
      const result = await secrets.getMany(['CONTRACT_API_KEY', 'CONTRACT_NOT_HELD', 'CONTRACT_DB_PASSWORD']);
      expect(result).toEqual({
        CONTRACT_API_KEY: SEED.CONTRACT_API_KEY,
        CONTRACT_DB_PASSWORD: SEED.CONTRACT_DB_PASSWORD,
      });
      expect(Object.keys(result)).not.toContain('CONTRACT_NOT_HELD');
      expect(await secrets.getMany([])).toEqual({});
    });

    it('has a name and reports healthy without revealing a value', async () => {
      const secrets = await open();
      expect(secrets.name).toMatch(/\S/);
      const health = await secrets.health();
      expect(health.status).toBe('up');
      expect(health.latencyMs).toBeGreaterThanOrEqual(0);
      for (const value of Object.values(SEED)) expect(JSON.stringify(health)).not.toContain(value);
    });

    it('can be closed twice', async () => {
      const secrets = await open();
      await secrets.close();
      await expect(secrets.close()).resolves.toBeUndefined();
    });
  });
}
