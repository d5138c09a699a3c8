import {
  CreateTableNode,
  RawNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/**
 * The table options every table of ours is created with, whatever the server's or the database's
 * defaults: InnoDB for transactions, row locks and foreign keys; utf8mb4 for any Unicode text; and
 * the binary collation, so that keys compare exactly and text sorts by code point as on
 * PostgreSQL's C collation (a `_ci` collation would make `ABC` and `abc` the same SKU).
 */
const MYSQL_TABLE_OPTIONS = 'engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin';

/**
 * Appends MYSQL_TABLE_OPTIONS to every CREATE TABLE, so the one set of migrations (and Kysely's
 * own bookkeeping tables) need no MySQL-specific spelling.
 */
export class MysqlTableOptionsPlugin implements KyselyPlugin {
  /** Adds the options to CREATE TABLE statements; leaves every other query alone. */
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    return CreateTableNode.is(node)
      ? CreateTableNode.cloneWithEndModifier(node, RawNode.createWithSql(MYSQL_TABLE_OPTIONS))
      : node;
  }

  /** Results pass through unchanged. */
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}
