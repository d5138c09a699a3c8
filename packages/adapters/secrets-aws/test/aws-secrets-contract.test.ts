import { AdapterError } from '@bharatmart/core';
import { startAwsSecretsManagerStandin } from '@bharatmart/cloud-standins';
import type { AwsSecretsManagerStandin } from '@bharatmart/cloud-standins';
import { describeSecretsContract } from '@bharatmart/testkit';
import { createAwsSecrets } from '../src/index.js';
import type { AwsSecretsOptions } from '../src/index.js';

const PREFIX = 'bharatmart/test/';
let standin: AwsSecretsManagerStandin;

beforeAll(async () => {
  standin = await startAwsSecretsManagerStandin({ region: 'ap-south-1' });
});
afterAll(() => standin.stop());

const connect = (options: Partial<AwsSecretsOptions> = {}) =>
  createAwsSecrets({
    region: standin.region,
    endpoint: standin.url,
    credentials: { accessKeyId: standin.accessKeyId, secretAccessKey: 'standin-secret-key' },
    ...options,
  });

describeSecretsContract('aws-secrets-manager', async (seed) => {
  for (const [name, value] of Object.entries(seed)) standin.putSecretValue(PREFIX + name, value);
  return connect({ prefix: PREFIX });
});

describe('createAwsSecrets', () => {
  it('reads `${prefix}${name}` and signs every request with SigV4', async () => {
    standin.putSecretValue('bharatmart/prod/JWT_SECRET', 'prod-jwt');
    standin.putSecretValue('JWT_SECRET', 'unprefixed');
    const seen = standin.requests.length;
    const secrets = connect({ prefix: 'bharatmart/prod/' });
    expect(await secrets.get('JWT_SECRET')).toBe('prod-jwt');
    expect(await connect().get('JWT_SECRET')).toBe('unprefixed');
    expect(standin.requests.slice(seen).map((r) => r.auth)).toEqual(['accepted', 'accepted']);
    await secrets.close();
  });

  it('serves many names from one JSON secret with jsonSecretId, and the raw JSON without it', async () => {
    const bundle = { JWT_SECRET: 'jwt-1', DB_PASSWORD: 'db-1', DB_PORT: 5432 };
    standin.putSecretValue('bharatmart/app', JSON.stringify(bundle));
    const secrets = connect({ jsonSecretId: 'bharatmart/app' });
    expect(await secrets.get('JWT_SECRET')).toBe('jwt-1');
    expect(await secrets.get('DB_PORT')).toBeUndefined();
    expect(await secrets.getMany(['DB_PASSWORD', 'DB_PORT', 'ABSENT', 'toString'])).toEqual({
      DB_PASSWORD: 'db-1',
    });
    expect(await connect().get('bharatmart/app')).toBe(JSON.stringify(bundle));
    standin.putSecretValue('bharatmart/app', JSON.stringify({ ...bundle, JWT_SECRET: 'jwt-2' }));
    expect(await secrets.get('JWT_SECRET')).toBe('jwt-2');
  });

  it('reports a JSON secret that is missing or not an object as MISCONFIGURED without its content', async () => {
    standin.putSecretValue('bharatmart/not-json', 'plain-value-123');
    for (const jsonSecretId of ['bharatmart/not-json', 'bharatmart/missing']) {
      const error = await connect({ jsonSecretId })
        .get('X')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AdapterError);
      expect(error).toMatchObject({ code: 'MISCONFIGURED', message: expect.stringContaining(jsonSecretId) });
      expect((error as Error).message).not.toContain('plain-value-123');
    }
  });

  it('asks for 20 names per BatchGetSecretValue call', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `BATCH_${i}`);
    for (const name of names.slice(0, 22)) standin.putSecretValue(PREFIX + name, `v-${name}`);
    const seen = standin.requests.length;
    const values = await connect({ prefix: PREFIX }).getMany(names);
    expect(Object.keys(values)).toHaveLength(22);
    expect(values.BATCH_21).toBe('v-BATCH_21');
    expect(standin.requests.length - seen).toBe(2);
  });

  it('refuses a binary secret and reports rejected credentials as UNAVAILABLE, never with a value', async () => {
    standin.putSecretValue(PREFIX + 'BINARY', new Uint8Array([1, 2, 3]));
    await expect(connect({ prefix: PREFIX }).get('BINARY')).rejects.toMatchObject({ code: 'MISCONFIGURED' });
    standin.putSecretValue(PREFIX + 'GUARDED', 'guarded-value');
    const stranger = connect({
      prefix: PREFIX,
      credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' },
    });
    const error = await stranger.get('GUARDED').catch((e: unknown) => e);
    expect(error).toMatchObject({ adapter: 'aws-secrets-manager', code: 'UNAVAILABLE' });
    expect((error as Error).message).toContain('UnrecognizedClientException');
    expect((error as Error).message).not.toContain('guarded-value');
    expect((await stranger.health()).status).toBe('down');
  });

  it('is UNAVAILABLE and down when the service does not answer', async () => {
    const gone = await startAwsSecretsManagerStandin();
    await gone.stop();
    const secrets = createAwsSecrets({
      region: 'us-east-1',
      endpoint: gone.url,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    await expect(secrets.get('X')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(secrets.getMany(['X', 'Y'])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect((await secrets.health()).status).toBe('down');
  });
});
