import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import { startOciQueueStandin } from '@bharatmart/cloud-standins';
import { createPostgresTestDatabase, describeWithService } from '@bharatmart/testkit';
import { expectTracedJourney } from './tracing-journey.js';

const [tenancy, user, fingerprint] = ['ocid1.tenancy.oc1..i19', 'ocid1.user.oc1..i19', '12:34:56:78'];

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/**
 * An API key the stand-in trusts and an OCI config file naming it, so the processes authenticate
 * as in production: OCI_AUTH=config-file, the SDK's ConfigFileAuthenticationDetailsProvider.
 */
async function ociApiKey(): Promise<{ configFile: string; publicKey: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'i19-oci-'));
  cleanups.push(() => rm(directory, { recursive: true, force: true }));
  const key = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const keyFile = join(directory, 'oci_api_key.pem');
  await writeFile(keyFile, key.privateKey, { mode: 0o600 });
  const configFile = join(directory, 'oci-config');
  await writeFile(
    configFile,
    `[DEFAULT]\nuser=${user}\nfingerprint=${fingerprint}\ntenancy=${tenancy}\nregion=ap-mumbai-1\nkey_file=${keyFile}\n`,
  );
  return { configFile, publicKey: key.publicKey };
}

await describeWithService('postgres', 'tracing across processes (PostgreSQL + OCI Queue stand-in)', () => {
  it('the trace context rides in the OCI Queue message: the charge is in the trace of the order that wrote it', async () => {
    const { configFile, publicKey } = await ociApiKey();
    const standin = await startOciQueueStandin({
      apiKeys: { [`${tenancy}/${user}/${fingerprint}`]: publicKey },
    });
    cleanups.push(() => standin.stop());
    const queueId = standin.createQueue({ maxDeliveryAttempts: 5 });
    const database = await createPostgresTestDatabase('i19_tracing_oci');
    cleanups.push(database.drop);
    await expectTracedJourney(
      {
        DATABASE_TYPE: 'postgresql',
        DATABASE_URL: database.url,
        WORKER_MODE: 'oci-queue',
        OCI_QUEUE_OCID: queueId,
        OCI_QUEUE_ENDPOINT: standin.url,
        OCI_AUTH: 'config-file',
        OCI_CONFIG_FILE: configFile,
      },
      cleanups,
    );
    // The jobs went through the SDK's signed PutMessages, with the config file's API key.
    expect(standin.requests).toContainEqual({
      method: 'POST',
      url: `/20210201/queues/${queueId}/messages`,
      auth: 'accepted',
      principal: 'user',
    });
  }, 180_000);
});
