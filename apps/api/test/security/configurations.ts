import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe } from '@jest/globals';
import {
  createPostgresTestDatabase,
  describeWithService,
  freePort,
  privateRedisServer,
  serviceUrl,
} from '@bharatmart/testkit';
import type { ChildServer, TestService } from '@bharatmart/testkit';

/** The servers a configuration created for one suite, and the environment that points the apps at them. */
export interface Backing {
  /** Variables for the API and worker processes. */
  env: Record<string, string>;
  /** Secret values among `env` that the configuration chose itself (database, Redis), by what they are. */
  secrets: Record<string, string>;
  /** Stops the private servers and drops the private database. */
  release(): Promise<void>;
}

/** One deployment shape the security suites run on. */
export interface SecurityConfiguration {
  readonly label: string;
  /** Machine services it needs; without them its suites skip locally and fail under CI=true. */
  readonly services: TestService[];
  /** Generated requests per operation and category in the fuzzing suite. */
  readonly fuzzRuns: number;
  /** Where jobs run: in the API process, or in a separate `apps/worker` process. */
  readonly jobRunner: 'api' | 'worker';
  provision(): Promise<Backing>;
}

const embedded: SecurityConfiguration = {
  label: 'the embedded defaults',
  services: [],
  fuzzRuns: 150,
  jobRunner: 'api',
  provision: async () => ({ env: {}, secrets: {}, release: async () => {} }),
};

/**
 * A private PostgreSQL database reached by its parts, so POSTGRES_PASSWORD flows through the secrets
 * provider into the driver (the test server trusts local connections and ignores it), and a private
 * password-protected redis-server for the BullMQ queue (db 0) and the cache (db 1).
 */
const postgresRedisBullmq: SecurityConfiguration = {
  label: 'PostgreSQL + Redis cache + BullMQ',
  services: ['postgres'],
  fuzzRuns: 40,
  jobRunner: 'worker',
  async provision() {
    const database = await createPostgresTestDatabase('security');
    const redisPassword = `redis-${randomUUID()}`;
    let redis: ChildServer | undefined;
    try {
      const port = await freePort();
      redis = privateRedisServer(port, { password: redisPassword });
      await redis.start();
      const server = new URL(serviceUrl('postgres'));
      const secrets = { POSTGRES_PASSWORD: `postgres-${randomUUID()}`, 'the Redis password': redisPassword };
      const redisUrl = `redis://:${redisPassword}@127.0.0.1:${port}`;
      const env = {
        DATABASE_TYPE: 'postgresql',
        POSTGRES_HOST: server.hostname,
        POSTGRES_PORT: server.port || '5432',
        POSTGRES_DB: database.name,
        POSTGRES_USER: decodeURIComponent(server.username) || 'postgres',
        POSTGRES_PASSWORD: secrets.POSTGRES_PASSWORD,
        WORKER_MODE: 'bull-queue',
        QUEUE_REDIS_URL: `${redisUrl}/0`,
        CACHE_TYPE: 'redis',
        CACHE_REDIS_URL: `${redisUrl}/1`,
      };
      const started = redis;
      return {
        env,
        secrets,
        async release() {
          await started.kill();
          await database.drop();
        },
      };
    } catch (error) {
      await redis?.kill();
      await database.drop();
      throw error;
    }
  },
};

export const SECURITY_CONFIGURATIONS: readonly SecurityConfiguration[] = [embedded, postgresRedisBullmq];

/**
 * Declares `body` once per configuration, inside a block that provisions the configuration's servers
 * before the body's hooks run and releases them after. `backing()` is valid once tests run. Call with
 * top-level await.
 */
export async function describeOnEachConfiguration(
  title: string,
  body: (configuration: SecurityConfiguration, backing: () => Backing) => void,
): Promise<void> {
  for (const configuration of SECURITY_CONFIGURATIONS) {
    await describeWithService(configuration.services, `${title} on ${configuration.label}`, () => {
      let backing: Backing | undefined;
      beforeAll(async () => {
        backing = await configuration.provision();
      });
      afterAll(async () => {
        await backing?.release();
      });
      describe(title, () =>
        body(configuration, () => {
          if (!backing) throw new Error(`${configuration.label} is not provisioned yet`);
          return backing;
        }),
      );
    });
  }
}
