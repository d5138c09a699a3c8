import { expect, it } from '@jest/globals';
import { ApiClient, startApp } from '@bharatmart/testkit';
import { API_ENTRY, testEnv } from '../support.js';
import { describeOnEachConfiguration } from './configurations.js';

await describeOnEachConfiguration('rate limits are keyed by the real client address', (_, backing) => {
  async function loginStatuses(env: Record<string, string>): Promise<number[]> {
    const app = await startApp({
      entry: API_ENTRY,
      env: testEnv({ ...backing().env, AUTH_RATE_LIMIT_MAX: '2', ...env }),
    });
    try {
      const client = new ApiClient(app.baseUrl);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await client.post(
          '/api/v1/auth/login',
          { email: 'x@example.in', password: 'whatever1' },
          { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } },
        );
        statuses.push(response.status);
      }
      return statuses;
    } finally {
      await app.stop();
    }
  }

  it('a spoofed X-Forwarded-For from an untrusted client does not reset the limit', async () => {
    expect(await loginStatuses({})).toEqual([401, 401, 429, 429]);
  });

  it('behind a configured proxy, each forwarded client has its own limit', async () => {
    expect(await loginStatuses({ TRUST_PROXY: '127.0.0.1' })).toEqual([401, 401, 401, 401]);
  });
});
