import { afterAll } from '@jest/globals';
import {
  createMysqlTestDatabase,
  createPostgresTestDatabase,
  describeWithService,
} from '@bharatmart/testkit';
import { describeJourney } from './scenarios/journey.js';
import { startTestApi } from './support.js';

const dropAfter: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const drop of dropAfter) await drop();
});

await describeWithService('postgres', 'API on PostgreSQL', () => {
  describeJourney('PostgreSQL', async () => {
    const database = await createPostgresTestDatabase('api_journey');
    dropAfter.push(database.drop);
    return startTestApi({ DATABASE_TYPE: 'postgresql', DATABASE_URL: database.url });
  });
});

await describeWithService('mariadb', 'API on MySQL (MariaDB)', () => {
  describeJourney('MySQL', async () => {
    const database = await createMysqlTestDatabase('api_journey');
    dropAfter.push(database.drop);
    return startTestApi({ DATABASE_TYPE: 'mysql', MYSQL_URL: database.url });
  });
});
