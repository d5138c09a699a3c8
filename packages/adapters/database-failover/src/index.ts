export {
  createFailoverDatabase,
  isFailoverDatabase,
  type FailoverBreakerOptions,
  type FailoverDatabase,
  type FailoverDatabaseOptions,
  type FailoverHealthStatus,
  type NamedHealthStatus,
} from './failover-database-adapter.js';
export { DatabasePairMismatchError, type PairSide } from './pair-identity.js';
export type { DatabasePath } from '@bharatmart/core';
