import { generateKeyPairSync } from 'node:crypto';
import { startOciQueueStandin } from '@bharatmart/cloud-standins';
import type { OciQueueSettings, OciQueueStandin } from '@bharatmart/cloud-standins';
import { SimpleAuthenticationDetailsProvider } from 'oci-common';
import type { OciQueueWorkerOptions } from '../src/index.js';

/** The identity the stand-in accepts: tenancy, user, fingerprint and an RSA key pair (PEM). */
export const identity = {
  tenancy: 'ocid1.tenancy.oc1..standin',
  user: 'ocid1.user.oc1..standin',
  fingerprint: '12:34:56:78',
  ...generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  }),
};

/** A running OCI Queue stand-in that accepts `identity`'s signatures. */
export interface OciQueueTestBed {
  standin: OciQueueStandin;
  /** Adapter options for a fresh queue on the stand-in (or `queueId`), plus `extra`. */
  options(extra?: Partial<OciQueueWorkerOptions>, queue?: OciQueueSettings): OciQueueWorkerOptions;
}

/** Starts the stand-in; stop `standin` after the suite. */
export async function startOciQueueTestBed(): Promise<OciQueueTestBed> {
  const standin = await startOciQueueStandin({
    apiKeys: { [`${identity.tenancy}/${identity.user}/${identity.fingerprint}`]: identity.publicKey },
  });
  return {
    standin,
    options: (extra = {}, queue = { maxDeliveryAttempts: 20 }) => ({
      queueId: standin.createQueue(queue),
      endpoint: standin.url,
      authProvider: new SimpleAuthenticationDetailsProvider(
        identity.tenancy,
        identity.user,
        identity.fingerprint,
        identity.privateKey,
        null,
      ),
      maxAttempts: 1,
      ...extra,
    }),
  };
}
