import { cacheSecrets, chainSecrets } from '@bharatmart/core';
import { describeSecretsContract } from '@bharatmart/testkit';
import { createEnvSecrets } from '../src/index.js';

describeSecretsContract('env', async (seed) => createEnvSecrets({ env: { ...seed, UNRELATED: 'x' } }));

describe('createEnvSecrets', () => {
  it('counts an empty variable as absent', async () => {
    const secrets = createEnvSecrets({ env: { EMPTY: '', SET: 'v' } });
    expect(await secrets.get('EMPTY')).toBeUndefined();
    expect(await secrets.getMany(['EMPTY', 'SET'])).toEqual({ SET: 'v' });
  });

  it('reads the record it was given on every call, never process.env', async () => {
    const env: Record<string, string | undefined> = { TOKEN: 'one' };
    const secrets = createEnvSecrets({ env });
    expect(await secrets.get('TOKEN')).toBe('one');
    env.TOKEN = 'two';
    expect(await secrets.get('TOKEN')).toBe('two');
    expect(await secrets.get('PATH')).toBeUndefined();
  });

  it('does not let a name reach the prototype', async () => {
    const secrets = createEnvSecrets({ env: { A: '1' } });
    const result = await secrets.getMany(['__proto__', 'constructor', 'A']);
    expect(result).toEqual({ A: '1' });
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });

  it('works cached and chained behind another env provider', async () => {
    const primary: Record<string, string | undefined> = { DB_PASSWORD: 'primary-1' };
    const fallback = { DB_PASSWORD: 'fallback', JWT_SECRET: 'jwt' };
    const resolved: string[] = [];
    const secrets = chainSecrets(
      [
        cacheSecrets(createEnvSecrets({ env: primary }), { ttlSeconds: 0.05 }),
        createEnvSecrets({ env: fallback }),
      ],
      { onResolved: (name, from) => resolved.push(`${name}<-${from}`) },
    );
    expect(await secrets.getMany(['DB_PASSWORD', 'JWT_SECRET'])).toEqual({
      DB_PASSWORD: 'primary-1',
      JWT_SECRET: 'jwt',
    });
    expect(resolved).toEqual(['DB_PASSWORD<-env', 'JWT_SECRET<-env']);
    primary.DB_PASSWORD = 'primary-2';
    const deadline = Date.now() + 2000;
    let value = await secrets.get('DB_PASSWORD');
    while (value !== 'primary-2' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      value = await secrets.get('DB_PASSWORD');
    }
    expect(value).toBe('primary-2');
  });
});
