import { randomUUID } from 'node:crypto';
import type { IWorkerAdapter } from '@bharatmart/core';
import {
  ociPrincipalSettings,
  startOciIdentityStandin,
  startOciQueueStandin,
  withEnv,
} from '@bharatmart/cloud-standins';
import type { OciIdentityStandin, OciQueueStandin } from '@bharatmart/cloud-standins';
import type { OciAuth } from '@bharatmart/oci-auth';
import { waitUntil } from '@bharatmart/testkit';
import { createOciQueueWorker } from '../src/index.js';

// The worker under each principal, end to end on loopback: the SDK gets its security token from the
// identity stand-in, and the Queue stand-in accepts only requests signed with that token's session key.
const SERVICE_ACCOUNT_TOKEN = `sa-${randomUUID()}`;
let identity: OciIdentityStandin;
let queue: OciQueueStandin;
let principals: Awaited<ReturnType<typeof ociPrincipalSettings>>;
const opened: IWorkerAdapter[] = [];

beforeAll(async () => {
  identity = await startOciIdentityStandin({ serviceAccountToken: SERVICE_ACCOUNT_TOKEN });
  queue = await startOciQueueStandin({ apiKeys: {}, tokenIssuerKey: identity.tokenIssuerKey });
  principals = await ociPrincipalSettings(identity, SERVICE_ACCOUNT_TOKEN);
});
afterEach(() => Promise.all(opened.splice(0).map((worker) => worker.close())));
afterAll(() => Promise.all([identity.stop(), queue.stop()]));

it.each([
  ['instance-principal', 'instance'],
  ['resource-principal', 'resource'],
  ['workload-identity', 'workload'],
] as const)(
  'OCI_AUTH=%s enqueues and runs a job, every request signed by the %s principal',
  async (method, principal) => {
    const { auth, env } = principals[method];
    const seen = queue.requests.length;
    await withEnv(env, async () => {
      const worker = createOciQueueWorker({
        queueId: queue.createQueue(),
        endpoint: queue.url,
        auth: auth as OciAuth,
        waitTimeSeconds: 1,
        maxAttempts: 1,
      });
      opened.push(worker);
      const ran: string[] = [];
      worker.process('email.welcome', async (job) => void ran.push(job.payload.userId));
      await worker.start();
      await worker.enqueue('email.welcome', { userId: `u-${method}` });
      await waitUntil('the job ran', 10_000, async () => ran.length === 1);
      expect(ran).toEqual([`u-${method}`]);
    });
    const requests = queue.requests.slice(seen);
    expect(requests.length).toBeGreaterThan(1);
    expect(new Set(requests.map((r) => `${r.auth}:${r.principal}`))).toEqual(
      new Set([`accepted:${principal}`]),
    );
  },
);
