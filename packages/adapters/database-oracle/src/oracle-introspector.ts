import type {
  DatabaseIntrospector,
  DatabaseMetadataOptions,
  Kysely,
  SchemaMetadata,
  TableMetadata,
} from 'kysely';
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE } from 'kysely/migration';

/** The data dictionary views read, in the upper case Oracle names them. */
type Dictionary = {
  ALL_USERS: { USERNAME: string };
  USER_OBJECTS: { OBJECT_NAME: string; OBJECT_TYPE: string };
  USER_TAB_COLUMNS: {
    TABLE_NAME: string;
    COLUMN_NAME: string;
    COLUMN_ID: number;
    DATA_TYPE: string;
    NULLABLE: 'Y' | 'N';
    DEFAULT_LENGTH: number | null;
    IDENTITY_COLUMN: 'YES' | 'NO';
  };
};

/**
 * Tables and views of the connected user's schema, from the data dictionary. Kysely's migrator
 * uses it to learn whether its bookkeeping tables exist. Names are as stored: lower case for tables
 * created with quoted lower-case names (ours), upper case for unquoted ones.
 */
export class OracleIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<Dictionary>;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature Kysely's dialect declares
  constructor(db: Kysely<any>) {
    this.#db = db.withTables<Dictionary>();
  }

  /** Every user (schema) the session can see. */
  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await this.#db.selectFrom('ALL_USERS').select('USERNAME').orderBy('USERNAME').execute();
    return rows.map((row) => ({ name: row.USERNAME }));
  }

  /** The user's tables and views with their columns, in column order. */
  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    let query = this.#db
      .selectFrom('USER_TAB_COLUMNS as c')
      .innerJoin('USER_OBJECTS as o', 'o.OBJECT_NAME', 'c.TABLE_NAME')
      .select([
        'c.TABLE_NAME',
        'c.COLUMN_NAME',
        'c.DATA_TYPE',
        'c.NULLABLE',
        'c.DEFAULT_LENGTH',
        'c.IDENTITY_COLUMN',
        'o.OBJECT_TYPE',
      ])
      .where('o.OBJECT_TYPE', 'in', ['TABLE', 'VIEW'])
      .orderBy('c.TABLE_NAME')
      .orderBy('c.COLUMN_ID');
    if (!options.withInternalKyselyTables) {
      query = query.where('c.TABLE_NAME', 'not in', [DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);
    }
    const tables = new Map<string, TableMetadata>();
    for (const row of await query.execute()) {
      let table = tables.get(row.TABLE_NAME);
      if (!table) {
        table = { name: row.TABLE_NAME, isView: row.OBJECT_TYPE === 'VIEW', isForeign: false, columns: [] };
        tables.set(row.TABLE_NAME, table);
      }
      table.columns.push({
        name: row.COLUMN_NAME,
        dataType: row.DATA_TYPE,
        isNullable: row.NULLABLE === 'Y',
        isAutoIncrementing: row.IDENTITY_COLUMN === 'YES',
        hasDefaultValue: row.DEFAULT_LENGTH !== null,
      });
    }
    return [...tables.values()];
  }
}
