import { afterAll } from '@jest/globals';
import {
  createMysqlTestDatabase,
  describeDatabaseContract,
  describeWithService,
  type MysqlTestDatabase,
} from '@bharatmart/testkit';
import { createMysqlDatabase } from '../src/index.js';

await describeWithService('mariadb', 'database-mysql on MariaDB', () => {
  // A new empty database per adapter, so the contract's fresh adapter really migrates from nothing.
  const databases: MysqlTestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  describeDatabaseContract('mysql', async () => {
    const database = await createMysqlTestDatabase('contract');
    databases.push(database);
    return createMysqlDatabase({ uri: database.url });
  });
});
