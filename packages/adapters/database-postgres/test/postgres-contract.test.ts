import { describeDatabaseContract, describeWithService, usePostgresTestDatabase } from '@bharatmart/testkit';
import { createPostgresDatabase } from '../src/index.js';

await describeWithService('postgres', 'postgresql adapter', () => {
  const database = usePostgresTestDatabase('contract');
  describeDatabaseContract('postgresql', async () =>
    createPostgresDatabase({ connectionString: database().url, applicationName: database().name }),
  );
});
