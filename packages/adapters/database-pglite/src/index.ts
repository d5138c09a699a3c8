export {
  createPgliteDatabase,
  PGLITE_EXTENSIONS,
  PGLITE_MEMORY,
  type PgliteDatabaseOptions,
} from './pglite-database-adapter.js';
