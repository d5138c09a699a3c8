export {
  createPgliteDatabase,
  PGLITE_MEMORY,
  type PgliteDatabaseOptions,
} from './pglite-database-adapter.js';
