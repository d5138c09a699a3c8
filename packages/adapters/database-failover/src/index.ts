export {
  createFailoverDatabase,
  isFailoverDatabase,
  type DatabasePath,
  type FailoverBreakerOptions,
  type FailoverDatabase,
  type FailoverDatabaseOptions,
  type FailoverHealthStatus,
  type NamedHealthStatus,
} from './failover-database-adapter.js';
export { DatabasePairMismatchError, type PairSide } from './pair-identity.js';
