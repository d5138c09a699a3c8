import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { describeCacheContract, describeWithBinaries, useTlsRedis } from '@bharatmart/testkit';
import { createRedisCache } from '../src/index.js';

describeWithBinaries(['redis-server', 'openssl'], 'redis-server openssl', 'createRedisCache over TLS', () => {
  const redis = useTlsRedis();
  const ca = () => readFileSync(redis().certificates.caFile, 'utf8');

  describeCacheContract('redis', async () =>
    createRedisCache({ url: redis().url(), tlsCa: ca(), keyPrefix: 'tls-contract:' }),
  );

  describe('certificate checks', () => {
    const refused = async (url: string, tlsCa: string) => {
      const cache = createRedisCache({ url, tlsCa, connectTimeoutMs: 2_000 });
      try {
        await expect(cache.get('k')).rejects.toMatchObject({ name: 'AdapterError', code: 'UNAVAILABLE' });
        expect((await cache.health()).status).toBe('down');
      } finally {
        await cache.close();
      }
    };

    it('refuses a server whose certificate another CA signed', async () => {
      await refused(redis().url(), readFileSync(redis().certificates.otherCaFile, 'utf8'));
    });

    it('refuses a server reached by a host name its certificate does not name', async () => {
      await refused(redis().url(redis().certificates.wrongHost), ca());
    });

    it('never falls back to plaintext: a rediss:// URL without a trusted CA stays refused', async () => {
      const cache = createRedisCache({ url: redis().url(), connectTimeoutMs: 2_000 });
      try {
        await expect(cache.get('k')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      } finally {
        await cache.close();
      }
    });
  });
});
