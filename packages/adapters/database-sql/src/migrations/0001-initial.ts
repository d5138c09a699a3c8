import { sql } from 'kysely';
import type { SqlMigration } from './sql-migration.js';

const ID = 'varchar(36)';
const TIMESTAMP = 'varchar(32)';

/** Catalog, customers, orders, payments, invoices, emails and the outbox. */
export const initialMigration: SqlMigration = {
  name: '0001-initial',
  async up(db, features) {
    const text = sql.raw(features.columnTypes.text);
    const bigint = sql.raw(features.columnTypes.bigint);

    await db.schema
      .createTable('products')
      .addColumn('id', ID, (c) => c.primaryKey())
      .addColumn('sku', 'varchar(64)', (c) => c.notNull())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      // May be empty: nullable where '' is stored as NULL (Oracle). Unchanged on the backends this
      // migration was first applied to, which all keep '' apart from NULL.
      .addColumn('description', text, (c) => (features.emptyStringIsNull ? c : c.notNull()))
      .addColumn('price', bigint, (c) => c.notNull())
      .addColumn('currency', 'varchar(3)', (c) => c.notNull())
      .addColumn('stock', 'integer', (c) => c.notNull())
      .addColumn('category', 'varchar(100)', (c) => c.notNull())
      .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
      .addColumn('updated_at', TIMESTAMP, (c) => c.notNull())
      .addUniqueConstraint('products_sku_unique', ['sku'])
      .execute();
    await db.schema.createIndex('products_category_idx').on('products').column('category').execute();
    await db.schema.createIndex('products_price_idx').on('products').column('price').execute();
    await db.schema.createIndex('products_name_idx').on('products').columns(['name', 'id']).execute();

    await db.schema
      .createTable('users')
      .addColumn('id', ID, (c) => c.primaryKey())
      .addColumn('email', 'varchar(320)', (c) => c.notNull())
      .addColumn('email_normalized', 'varchar(320)', (c) => c.notNull())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
      .addUniqueConstraint('users_email_unique', ['email_normalized'])
      .execute();

    await db.schema
      .createTable('orders')
      .addColumn('id', ID, (c) => c.primaryKey())
      .addColumn('user_id', ID, (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('payment_status', 'varchar(16)', (c) => c.notNull())
      .addColumn('total', bigint, (c) => c.notNull())
      .addColumn('currency', 'varchar(3)', (c) => c.notNull())
      .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
      .addColumn('updated_at', TIMESTAMP, (c) => c.notNull())
      .addForeignKeyConstraint('orders_user_fk', ['user_id'], 'users', ['id'])
      .execute();
    await db.schema
      .createIndex('orders_user_created_idx')
      .on('orders')
      .columns(['user_id', 'created_at'])
      .execute();
    await db.schema.createIndex('orders_created_idx').on('orders').column('created_at').execute();

    await db.schema
      .createTable('order_items')
      .addColumn('order_id', ID, (c) => c.notNull())
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('product_id', ID, (c) => c.notNull())
      .addColumn('sku', 'varchar(64)', (c) => c.notNull())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('unit_price', bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint('order_items_pk', ['order_id', 'line_no'])
      .addForeignKeyConstraint('order_items_order_fk', ['order_id'], 'orders', ['id'])
      .addForeignKeyConstraint('order_items_product_fk', ['product_id'], 'products', ['id'])
      .execute();

    // No foreign key to orders: the key is claimed first, before the order row exists, so that a
    // concurrent request with the same key waits on it instead of reserving stock.
    await db.schema
      .createTable('order_idempotency_keys')
      .addColumn('user_id', ID, (c) => c.notNull())
      .addColumn('idempotency_key', 'varchar(255)', (c) => c.notNull())
      .addColumn('request_hash', 'varchar(255)')
      .addColumn('order_id', ID, (c) => c.notNull())
      .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
      .addPrimaryKeyConstraint('order_idempotency_keys_pk', ['user_id', 'idempotency_key'])
      .execute();

    await db.schema
      .createTable('payments')
      .addColumn('id', ID, (c) => c.primaryKey())
      .addColumn('order_id', ID, (c) => c.notNull())
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('amount', bigint, (c) => c.notNull())
      .addColumn('currency', 'varchar(3)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('gateway_reference', 'varchar(255)', (c) => c.notNull())
      .addColumn('idempotency_key', 'varchar(255)', (c) => c.notNull())
      .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
      .addUniqueConstraint('payments_key_unique', ['idempotency_key'])
      .addForeignKeyConstraint('payments_order_fk', ['order_id'], 'orders', ['id'])
      .execute();
    await db.schema
      .createIndex('payments_order_idx')
      .on('payments')
      .columns(['order_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('invoices')
      .addColumn('id', ID, (c) => c.primaryKey())
      .addColumn('invoice_number', 'varchar(64)', (c) => c.notNull())
      .addColumn('order_id', ID, (c) => c.notNull())
      .addColumn('user_id', ID, (c) => c.notNull())
      .addColumn('lines', text, (c) => c.notNull())
      .addColumn('total', bigint, (c) => c.notNull())
      .addColumn('currency', 'varchar(3)', (c) => c.notNull())
      .addColumn('issued_at', TIMESTAMP, (c) => c.notNull())
      .addUniqueConstraint('invoices_number_unique', ['invoice_number'])
      .addUniqueConstraint('invoices_order_unique', ['order_id'])
      .addForeignKeyConstraint('invoices_order_fk', ['order_id'], 'orders', ['id'])
      .execute();

    await db.schema
      .createTable('emails')
      .addColumn('id', ID, (c) => c.primaryKey())
      .addColumn('recipient', 'varchar(320)', (c) => c.notNull())
      .addColumn('subject', 'varchar(998)', (c) => c.notNull())
      .addColumn('body', text, (c) => c.notNull())
      .addColumn('template', 'varchar(64)', (c) => c.notNull())
      .addColumn('dedupe_key', 'varchar(255)', (c) => c.notNull())
      .addColumn('transport', 'varchar(64)', (c) => c.notNull())
      .addColumn('sent_at', TIMESTAMP, (c) => c.notNull())
      .addUniqueConstraint('emails_dedupe_unique', ['dedupe_key'])
      .execute();
    await db.schema.createIndex('emails_sent_idx').on('emails').column('sent_at').execute();

    await db.schema
      .createTable('outbox')
      .addColumn('id', ID, (c) => c.primaryKey())
      .addColumn('job_key', 'varchar(255)', (c) => c.notNull())
      .addColumn('name', 'varchar(64)', (c) => c.notNull())
      .addColumn('payload', text, (c) => c.notNull())
      .addColumn('delay_ms', 'integer')
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
      .addColumn('updated_at', TIMESTAMP, (c) => c.notNull())
      .addUniqueConstraint('outbox_key_unique', ['job_key'])
      .execute();
    await db.schema.createIndex('outbox_status_idx').on('outbox').columns(['status', 'created_at']).execute();
  },
};
