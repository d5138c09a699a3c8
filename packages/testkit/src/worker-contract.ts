import { afterEach, describe } from '@jest/globals';
import type { IWorkerAdapter } from '@bharatmart/core';
import { describeConcurrencyContract } from './worker-contract/concurrency.js';
import { describeCountsContract } from './worker-contract/counts.js';
import { describeDeliveryContract } from './worker-contract/delivery.js';
import { describeFailureContract } from './worker-contract/failures.js';
import { createWorkerFixtures } from './worker-contract/fixtures.js';
import type { WorkerContractOptions } from './worker-contract/fixtures.js';
import { describeIdentityContract } from './worker-contract/identity.js';
import { describeStopContract } from './worker-contract/stopping.js';

export type { WorkerContractOptions } from './worker-contract/fixtures.js';

/**
 * The IWorkerAdapter contract. `createAdapter` must return a fresh adapter whose queues hold no
 * jobs of earlier tests (e.g. a unique queue prefix per call); the suite stops and closes it after
 * each test. Waits poll for a condition until a deadline; no test asserts how fast anything is.
 * Where backends differ, the tests read the adapter's own capabilities (`dedupesJobIds`,
 * `countAccuracy`) and check what it declares; failed-job inspection is checked on every adapter.
 */
export function describeWorkerContract(
  label: string,
  createAdapter: () => Promise<IWorkerAdapter>,
  options: WorkerContractOptions = {},
): void {
  describe(`${label}: IWorkerAdapter contract`, () => {
    const fx = createWorkerFixtures(createAdapter, options);
    afterEach(() => fx.cleanUp());

    describeDeliveryContract(fx);
    describeFailureContract(fx);
    describeConcurrencyContract(fx);
    describeStopContract(fx);
    describeCountsContract(fx);
    describeIdentityContract(fx);
  });
}
