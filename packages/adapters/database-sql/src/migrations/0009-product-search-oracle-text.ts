import { sql, type Kysely } from 'kysely';
import { oracleCompileErrors } from '../oracle-compile-errors.js';
import type { SqlMigration } from './sql-migration.js';

/**
 * Product search served by an index on Oracle too (`SqlDialectFeatures.searchIndex`
 * `gram-oracle-text`). Oracle Text, like InnoDB FULLTEXT, matches words, so this is migration 0008's
 * MySQL layout: `product_search` holds each product's searched text (name, description and sku,
 * lower-cased, joined by U+001F) as the words standing for its characters, pairs and triples (`g` and
 * the hex of the gram's UTF-8), written by a trigger on `products` through the procedure
 * `bharatmart_index_product_search`, under a CONTEXT index synchronised at each commit. Its lexer is
 * a BASIC_LEXER of its own (whatever the database's language) and it has no stoplist, so every word
 * is indexed as written. Existing products are indexed here. Other backends record the migration
 * and change nothing.
 *
 * The user needs CREATE PROCEDURE and CREATE TRIGGER, and Oracle Text's CTXAPP role (to create the
 * lexer and the index); they are checked before anything is created. Oracle commits each DDL
 * statement, so the migration first drops what an earlier, failed run of it left.
 */
export const productSearchOracleTextMigration: SqlMigration = {
  name: '0009-product-search-oracle-text',
  async up(db, features) {
    if (features.searchIndex !== 'gram-oracle-text') return;
    await requirePrivileges(db);
    await removeLeftovers(db);
    await oracleTextIndex(db);
  },
};

/** The PL/SQL units this migration creates, as Oracle names them (unquoted, so upper case). */
const UNITS = ['BHARATMART_INDEX_PRODUCT_SEARCH', 'PRODUCTS_SEARCH_SYNC'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/** Fails, naming the grants, unless the user may create procedures and triggers and use CTX_DDL. */
async function requirePrivileges(db: AnyDb): Promise<void> {
  const { rows } = await sql<{
    privilege: string;
  }>`select privilege "privilege" from session_privs where privilege in ('CREATE PROCEDURE', 'CREATE ANY PROCEDURE', 'CREATE TRIGGER', 'CREATE ANY TRIGGER') union all select 'CTX_DDL' from all_objects where owner = 'CTXSYS' and object_name = 'CTX_DDL' and object_type = 'PACKAGE'`.execute(
    db,
  );
  const held = new Set(rows.map((row) => row.privilege));
  const missing = [
    !held.has('CREATE PROCEDURE') && !held.has('CREATE ANY PROCEDURE') && 'CREATE PROCEDURE',
    !held.has('CREATE TRIGGER') && !held.has('CREATE ANY TRIGGER') && 'CREATE TRIGGER',
    !held.has('CTX_DDL') && 'the CTXAPP role (Oracle Text)',
  ].filter((grant): grant is string => grant !== false);
  if (missing.length > 0) {
    throw new Error(
      `product search on Oracle is indexed with Oracle Text: grant the database user ${missing.join(' and ')}, then start again (this migration changed nothing)`,
    );
  }
}

/**
 * Drops what an earlier run of this migration left when it failed midway (Oracle commits each DDL
 * statement), so that it can run again: the index (FORCE, it may be marked FAILED), the trigger, the
 * table and the lexer preference. The procedure is created with OR REPLACE.
 */
async function removeLeftovers(db: AnyDb): Promise<void> {
  await sql
    .raw(
      [
        'begin',
        "for i in (select 1 from user_indexes where index_name = 'PRODUCT_SEARCH_GRAMS_IDX') loop execute immediate 'drop index product_search_grams_idx force'; end loop;",
        "for t in (select 1 from user_triggers where trigger_name = 'PRODUCTS_SEARCH_SYNC') loop execute immediate 'drop trigger products_search_sync'; end loop;",
        "for t in (select 1 from user_tables where table_name = 'product_search') loop execute immediate 'drop table \"product_search\" purge'; end loop;",
        "for p in (select 1 from ctx_user_preferences where pre_name = 'BHARATMART_SEARCH_LEXER') loop ctx_ddl.drop_preference('bharatmart_search_lexer'); end loop;",
        'end;',
      ].join(' '),
    )
    .execute(db);
}

/** Fails, listing Oracle's messages, when the procedure or the trigger did not compile. */
async function requireCompiled(db: AnyDb): Promise<void> {
  const errors = await oracleCompileErrors(db, UNITS);
  if (errors.length > 0) {
    throw new Error(`the product search procedure or trigger does not compile: ${errors.join('; ')}`);
  }
}

/** The searched text of a `products` row as a trigger sees it (`:new`): lower-cased, fields joined by U+001F. */
const searchedText = (row: string) =>
  sql.raw(`lower(${row}."name" || chr(31) || ${row}."description" || chr(31) || ${row}."sku")`);

async function oracleTextIndex(db: AnyDb): Promise<void> {
  await sql`create table "product_search" ("product_id" varchar2(36 char) not null primary key, "grams" clob not null)`.execute(
    db,
  );
  // Builds the words in a VARCHAR2 buffer, appended to the CLOB each time it nears 32,000 bytes.
  await sql
    .raw(
      [
        'create or replace procedure bharatmart_index_product_search(p_id in varchar2, p_text in clob) is',
        'n pls_integer := nvl(dbms_lob.getlength(p_text), 0); grams clob; buffer varchar2(32767); piece varchar2(64);',
        "procedure add_gram(gram in varchar2) is word varchar2(64) := ' g' || rawtohex(utl_i18n.string_to_raw(gram, 'AL32UTF8')); begin",
        'if nvl(lengthb(buffer), 0) + lengthb(word) > 32000 then dbms_lob.writeappend(grams, length(buffer), buffer); buffer := null; end if;',
        'buffer := buffer || word; end add_gram;',
        'begin dbms_lob.createtemporary(grams, true);',
        'for i in 1 .. n loop piece := dbms_lob.substr(p_text, 3, i); add_gram(substr(piece, 1, 1));',
        'if length(piece) >= 2 then add_gram(substr(piece, 1, 2)); end if;',
        'if length(piece) >= 3 then add_gram(piece); end if; end loop;',
        'if buffer is not null then dbms_lob.writeappend(grams, length(buffer), buffer); end if;',
        'delete from "product_search" where "product_id" = p_id;',
        'insert into "product_search" ("product_id", "grams") values (p_id, grams);',
        'dbms_lob.freetemporary(grams); end;',
      ].join(' '),
    )
    .execute(db);
  // Only a write that changes a searched column re-indexes: a stock update (every order) does not.
  // DBMS_LOB.COMPARE is NULL when either description is NULL (an empty one, on Oracle).
  const changed = [
    'inserting',
    ':new."id" <> :old."id"',
    ':new."name" <> :old."name"',
    ':new."sku" <> :old."sku"',
    '(:new."description" is null and :old."description" is not null)',
    '(:new."description" is not null and :old."description" is null)',
    'dbms_lob.compare(:new."description", :old."description") <> 0',
  ].join(' or ');
  await sql`create or replace trigger products_search_sync after insert or update or delete on "products" for each row begin if deleting or (updating and :old."id" <> :new."id") then delete from "product_search" where "product_id" = :old."id"; end if; if not deleting and (${sql.raw(changed)}) then bharatmart_index_product_search(:new."id", ${searchedText(':new')}); end if; end;`.execute(
    db,
  );
  await requireCompiled(db);
  await sql`begin for p in (select "id", ${searchedText('"products"')} "text" from "products") loop bharatmart_index_product_search(p."id", p."text"); end loop; end;`.execute(
    db,
  );
  await sql`begin ctx_ddl.create_preference('bharatmart_search_lexer', 'BASIC_LEXER'); end;`.execute(db);
  await sql`create index product_search_grams_idx on "product_search" ("grams") indextype is ctxsys.context parameters ('lexer bharatmart_search_lexer stoplist ctxsys.empty_stoplist sync (on commit)')`.execute(
    db,
  );
}
