import { sql, type Kysely } from 'kysely';
import type { SqlMigration } from './sql-migration.js';

/**
 * Product search served by an index for a term of any length (`SqlDialectFeatures.searchIndex`).
 *
 * `trigram` (PostgreSQL-speaking backends): a term of one or two characters contains no trigram for
 * migration 0003's indexes. `bharatmart_short_grams(text)` gives the distinct characters and pairs of
 * adjacent characters of a text, and a GIN index of it over the searched text (name, description
 * and sku, lower-cased, joined by U+001F) finds the rows holding such a term; without a pending list,
 * as 0003 explains.
 *
 * `gram-fulltext` (MySQL, MariaDB): InnoDB FULLTEXT matches words, and MariaDB has no ngram parser,
 * so the characters, pairs and triples of the searched text are written as words, each `g` and the
 * hex of its UTF-8 bytes (`gram` → `g6772616D` for "gra"), into `product_search.grams`, under a
 * FULLTEXT index with the built-in parser (MySQL 8 and MariaDB alike). Triggers on `products` keep
 * it in step with every write, the live switch's copies included; existing products are indexed here.
 *
 * Either way the repository still checks each found row with LIKE, so the matches stay exactly those
 * of `lower(column) like '%term%'`. Other backends record the migration and change nothing.
 */
export const productSearchIndexMigration: SqlMigration = {
  name: '0008-product-search-index',
  async up(db, features) {
    if (features.searchIndex === 'trigram') await shortGramIndex(db);
    if (features.searchIndex === 'gram-fulltext') await gramFulltextIndex(db);
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

async function shortGramIndex(db: AnyDb): Promise<void> {
  await sql`
    create function bharatmart_short_grams(t text) returns text[]
    language sql immutable strict parallel safe
    as $$
      select coalesce(array_agg(distinct gram), '{}')
        from (select substr(t, i, 1) as gram from generate_series(1, length(t)) as i
              union all
              select substr(t, i, 2) from generate_series(1, length(t) - 1) as i) as grams
    $$`.execute(db);
  await sql`create index products_search_short_grams_idx on "products" using gin (bharatmart_short_grams(lower("name") || chr(31) || lower("description") || chr(31) || lower("sku"))) with (fastupdate = off)`.execute(
    db,
  );
}

/** The searched text of a `products` row (`new`, `old` or the table itself), as MySQL lower-cases it. */
const searchedText = (row: string) =>
  sql.raw(
    `lower(concat_ws(char(31 using utf8mb4), ${row}.\`name\`, ${row}.\`description\`, ${row}.\`sku\`))`,
  );

async function gramFulltextIndex(db: AnyDb): Promise<void> {
  await sql`
    create table product_search (
      product_id varchar(36) not null primary key,
      grams mediumtext not null,
      fulltext key product_search_grams_idx (grams)
    ) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`.execute(db);
  // A procedure, not a function: with binary logging on, MySQL lets only trusted users create functions.
  await sql`
    create procedure bharatmart_index_product_search(
      in p_id varchar(36) character set utf8mb4,
      in p_text mediumtext character set utf8mb4)
    begin
      declare n int default char_length(p_text);
      declare i int default 1;
      declare grams mediumtext character set utf8mb4 default '';
      while i <= n do
        set grams = concat(grams, ' g', hex(substring(p_text, i, 1)));
        if i < n then set grams = concat(grams, ' g', hex(substring(p_text, i, 2))); end if;
        if i + 1 < n then set grams = concat(grams, ' g', hex(substring(p_text, i, 3))); end if;
        set i = i + 1;
      end while;
      insert into product_search (product_id, grams) values (p_id, grams)
        on duplicate key update grams = values(grams);
    end`.execute(db);
  await sql`
    create trigger products_search_insert after insert on products for each row
      call bharatmart_index_product_search(new.id, ${searchedText('new')})`.execute(db);
  await sql`
    create trigger products_search_update after update on products for each row
    begin
      if not (new.name <=> old.name and new.description <=> old.description and new.sku <=> old.sku
              and new.id <=> old.id) then
        delete from product_search where product_id = old.id;
        call bharatmart_index_product_search(new.id, ${searchedText('new')});
      end if;
    end`.execute(db);
  await sql`
    create trigger products_search_delete after delete on products for each row
      delete from product_search where product_id = old.id`.execute(db);
  const existing = await sql<{ id: string; text: string }>`
    select p.id, ${searchedText('p')} as text from products p`.execute(db);
  for (const { id, text } of existing.rows) {
    await sql`call bharatmart_index_product_search(${id}, ${text})`.execute(db);
  }
}
