import { sql } from 'kysely';
import type { SqlMigration } from './sql-migration.js';

const ID = 'varchar(36)';
const TIMESTAMP = 'varchar(32)';

/**
 * What GST tax invoices need: each product's HSN code (`''` until classified; nullable where the
 * backend stores '' as NULL) and GST rate in hundredths of a percent (existing products get the
 * standard 18%); an order's shipping address (JSON, NULL when none was given); an invoice's GST
 * details (JSON, NULL on invoices issued before); and customers' saved addresses.
 */
export const gstInvoicesMigration: SqlMigration = {
  name: '0007-gst-invoices',
  async up(db, features) {
    const text = sql.raw(features.columnTypes.text);
    await db.schema
      .alterTable('products')
      .addColumn('hsn_code', 'varchar(8)', (c) =>
        features.emptyStringIsNull ? c : c.notNull().defaultTo(''),
      )
      .execute();
    await db.schema
      .alterTable('products')
      .addColumn('gst_rate_bp', 'integer', (c) => c.notNull().defaultTo(1800))
      .execute();
    await db.schema.alterTable('orders').addColumn('shipping_address', text).execute();
    await db.schema.alterTable('invoices').addColumn('gst', text).execute();

    await db.schema
      .createTable('customer_addresses')
      .addColumn('id', ID, (c) => c.primaryKey())
      .addColumn('user_id', ID, (c) => c.notNull())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('line1', 'varchar(200)', (c) => c.notNull())
      .addColumn('line2', 'varchar(200)')
      .addColumn('city', 'varchar(100)', (c) => c.notNull())
      .addColumn('state_code', 'varchar(2)', (c) => c.notNull())
      .addColumn('pincode', 'varchar(6)', (c) => c.notNull())
      .addColumn('phone', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
      .addForeignKeyConstraint('customer_addresses_user_fk', ['user_id'], 'users', ['id'])
      .execute();
    await db.schema
      .createIndex('customer_addresses_user_idx')
      .on('customer_addresses')
      .columns(['user_id', 'created_at'])
      .execute();
  },
};
