/**
 * The database contract suite, the API journey (including 60 concurrent orders that must not
 * oversell) and live switches from PostgreSQL (this machine's) to Oracle and from Oracle to
 * PostgreSQL under a write load (and an aborted one from Oracle), against a real Oracle Database, when ORACLE_TEST_CONNECT_STRING, ORACLE_TEST_USER and
 * ORACLE_TEST_PASSWORD point at one (see README.md, "Live tests": Oracle Database Free in a
 * container). Every adapter and the API get a new, empty schema (user) of their own, dropped after.
 *
 * Without those variables this suite prints one line saying so and is reported as skipped: no
 * Oracle can run on the CI machine. It is the only suite scripts/run-tests.mjs lets not run under
 * CI=true, and the summary lists it.
 */
import { afterAll, describe, it } from '@jest/globals';
import { describeDatabaseContract } from '@bharatmart/testkit';
import { createOracleDatabase } from '../src/index.js';
import { describeApiJourney } from './support/api-journey.js';
import { describeSwitchFromOracle } from './support/switch-from-oracle.js';
import { describeSwitchToOracle } from './support/switch-to-oracle.js';
import {
  createOracleTestSchema,
  LIVE_VARIABLES,
  liveOracle,
  type LiveOracle,
  type OracleTestSchema,
} from './support/oracle-test-schema.js';

const oracle = liveOracle();

if ('missing' in oracle) {
  process.stderr.write(
    `\n  NOT RUN oracle-live.test.ts: ${oracle.missing.join(', ')} not set, and no Oracle Database runs on` +
      ` this machine. To run it, start Oracle Database Free and set ${LIVE_VARIABLES.join(', ')}:` +
      ` packages/adapters/database-oracle/README.md, "Live tests".\n`,
  );
  describe.skip('database-oracle on a real Oracle (needs ORACLE_TEST_*)', () => {
    it('runs the database contract suite, the API journey and live switches to and from Oracle', () =>
      undefined);
  });
} else {
  await describeLive(oracle);
}

async function describeLive(live: LiveOracle): Promise<void> {
  const schemas: OracleTestSchema[] = [];
  const newSchema = async () => {
    const schema = await createOracleTestSchema(live);
    schemas.push(schema);
    return schema;
  };
  afterAll(async () => {
    await Promise.all(schemas.map((schema) => schema.drop()));
  });
  const newAdapter = async () => {
    const schema = await newSchema();
    return createOracleDatabase({
      connectString: live.connectString,
      user: schema.user,
      password: schema.password,
      walletDir: live.walletDir,
      walletPassword: live.walletPassword,
    });
  };

  describe('database-oracle on a real Oracle', () => {
    describeDatabaseContract('oci-autonomous (live Oracle)', newAdapter);

    describeApiJourney('Oracle (DATABASE_TYPE=oci-autonomous)', async () => {
      const schema = await newSchema();
      return {
        DATABASE_TYPE: 'oci-autonomous',
        OCI_DB_CONNECTION_STRING: live.connectString,
        OCI_DB_USER: schema.user,
        OCI_DB_PASSWORD: schema.password,
        ...(live.walletDir && { OCI_DB_WALLET_DIR: live.walletDir }),
        ...(live.walletPassword && { OCI_DB_WALLET_PASSWORD: live.walletPassword }),
      };
    });
  });

  await describeSwitchToOracle(newAdapter);
  await describeSwitchFromOracle(newAdapter);
}
