import type { IDatabaseAdapter } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { text, variable } from '../variable-kinds.js';
import type { DatabaseDependencies } from './database-dependencies.js';
import { poolConfig, poolVariables } from './pool-variables.js';

const PASSWORD = 'OCI_DB_PASSWORD';
const WALLET_PASSWORD = 'OCI_DB_WALLET_PASSWORD';

/** DATABASE_TYPE=oci-autonomous: Oracle Database / Autonomous Database. */
export const ociAutonomous = defineBackend({
  name: 'oci-autonomous',
  package: '@bharatmart/database-oracle',
  summary: 'Oracle Database / Autonomous Database',
  engine: 'oracle',
  variables: {
    ...poolVariables,
    OCI_DB_CONNECTION_STRING: variable(
      text(),
      "Oracle connect string (required for `oci-autonomous`): Easy Connect `host:port/service`, `tcps://host:port/service` for TLS without a wallet, or a TNS alias of `OCI_DB_WALLET_DIR`'s `tnsnames.ora` (e.g. `bharatmart_high`)",
      { credential: true },
    ),
    OCI_DB_USER: variable(text(), 'Oracle user, the owner of the tables (required for `oci-autonomous`)'),
    OCI_DB_WALLET_DIR: variable(
      text(),
      'unzipped Autonomous Database wallet (`tnsnames.ora`, `ewallet.pem`) for mTLS and TNS aliases; with it set `OCI_DB_WALLET_PASSWORD`',
    ),
  },
  resolve: (values, context) => ({
    type: 'oci-autonomous' as const,
    connectionString: context.need('OCI_DB_CONNECTION_STRING'),
    user: context.need('OCI_DB_USER'),
    ...(values.OCI_DB_WALLET_DIR ? { walletDir: values.OCI_DB_WALLET_DIR } : {}),
    ...poolConfig(values),
  }),
  secrets: [
    // Oracle takes no connection without a password, so it is required in every environment.
    {
      name: PASSWORD,
      doc: 'Oracle password of `OCI_DB_USER`, required for `DATABASE_TYPE=oci-autonomous` (read once, when the pool opens)',
      required: 'always',
    },
    {
      name: WALLET_PASSWORD,
      doc: "password of the wallet's `ewallet.pem` (set when the wallet was downloaded); needed with `OCI_DB_WALLET_DIR` for mTLS",
      required: 'optional',
    },
  ],
  load: () => import('@bharatmart/database-oracle'),
  create: async (module, config, deps: DatabaseDependencies): Promise<IDatabaseAdapter> =>
    module.createOracleDatabase({
      connectString: config.connectionString,
      user: config.user,
      password: deps.secretValues[PASSWORD] ?? '',
      walletDir: config.walletDir,
      walletPassword: deps.secretValues[WALLET_PASSWORD],
      poolMax: config.poolMax,
      connectTimeoutMs: config.connectTimeoutMs,
      statementTimeoutMs: config.statementTimeoutMs,
      logger: deps.logger,
    }),
});
