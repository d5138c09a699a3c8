export {
  createOracleDatabase,
  ORACLE_ADAPTER_NAME,
  type OracleDatabaseOptions,
} from './oracle-database-adapter.js';
export { classifyOracleError, oracleFeatures } from './oracle-features.js';
