/**
 * Every statement the Oracle adapter sends — each migration's DDL, every query of every repository
 * method, the migration lock, health, db:copy, a live switch to and from Oracle — compiled by the Oracle dialect and compared with the
 * reviewed files in test/snapshots/*.sql.
 *
 * No Oracle server can run on the machines these tests run on, so the adapter runs here over a
 * recording stand-in for node-oracledb (support/recording-oracle.ts) that answers from a script.
 * This checks what is sent, not what Oracle answers: the SQL in the snapshot files was reviewed by
 * hand for Oracle 19c and 23ai, and oracle-live.test.ts runs the same adapter against a real
 * Oracle when ORACLE_TEST_* is set.
 *
 * Any change in the generated SQL fails here until the snapshot is updated on purpose:
 * `UPDATE_SQL_SNAPSHOTS=1 pnpm --filter @bharatmart/database-oracle test`, then review the diff of
 * test/snapshots/ line by line before committing it. A repository method without a scenario fails
 * the coverage test below.
 */
import { describe, expect, it } from '@jest/globals';
import type { IDatabaseAdapter } from '@bharatmart/core';
import { createOracleDatabaseOver } from '../src/oracle-database-adapter.js';
import { productScenarios, userScenarios } from './scenarios/catalog.js';
import { copyScenarios } from './scenarios/copy.js';
import { adapterScenarios, migrationScenarios } from './scenarios/lifecycle.js';
import { orderScenarios } from './scenarios/orders.js';
import { switchSourceScenarios } from './scenarios/switch-source.js';
import { switchTargetScenarios } from './scenarios/switch-target.js';
import {
  addressScenarios,
  emailScenarios,
  invoiceScenarios,
  outboxScenarios,
  paymentScenarios,
} from './scenarios/records.js';
import { RecordingOracle } from './support/recording-oracle.js';
import { expectSqlSnapshot, renderSnapshot, type SqlScenario } from './support/sql-snapshot.js';

const SNAPSHOTS: Record<string, { area: string; scenarios: SqlScenario[] }> = {
  migrations: { area: 'migrations and the migration lock', scenarios: migrationScenarios },
  adapter: { area: 'health, close and session setup', scenarios: adapterScenarios },
  products: { area: 'ProductRepository', scenarios: productScenarios },
  users: { area: 'UserRepository', scenarios: userScenarios },
  orders: { area: 'OrderRepository (stock reservation)', scenarios: orderScenarios },
  payments: { area: 'PaymentRepository', scenarios: paymentScenarios },
  invoices: { area: 'InvoiceRepository', scenarios: invoiceScenarios },
  addresses: { area: 'AddressRepository', scenarios: addressScenarios },
  emails: { area: 'EmailRepository', scenarios: emailScenarios },
  outbox: { area: 'OutboxRepository', scenarios: outboxScenarios },
  copy: { area: 'db:copy (copyDatabase / verifyCopy)', scenarios: copyScenarios },
  'switch-target': {
    area: 'db:switch to Oracle (switchDatabase, target side)',
    scenarios: switchTargetScenarios,
  },
  'switch-source': {
    area: 'db:switch from Oracle (switchDatabase and abortSwitch, source side)',
    scenarios: switchSourceScenarios,
  },
};

describe('Oracle SQL snapshots', () => {
  it.each(Object.keys(SNAPSHOTS))('test/snapshots/%s.sql matches the SQL sent', async (name) => {
    const snapshot = SNAPSHOTS[name];
    if (!snapshot) throw new Error(`no snapshot ${name}`);
    expectSqlSnapshot(name, await renderSnapshot(snapshot.area, snapshot.scenarios));
  });

  it('has a scenario for every method of every repository of the port', () => {
    const db = createOracleDatabaseOver(new RecordingOracle());
    const repositories: (keyof IDatabaseAdapter)[] = [
      'products',
      'users',
      'orders',
      'payments',
      'invoices',
      'addresses',
      'emails',
      'outbox',
      'migrations',
    ];
    const methods = repositories.flatMap((repository) =>
      Object.entries(db[repository])
        .filter(([, value]) => typeof value === 'function')
        .map(([method]) => `${repository}.${method}`),
    );
    const covered = new Set(
      Object.values(SNAPSHOTS).flatMap(({ scenarios }) =>
        scenarios.map((scenario) => scenario.title.split(':')[0]),
      ),
    );
    expect(methods.filter((method) => !covered.has(method))).toEqual([]);
  });
});
