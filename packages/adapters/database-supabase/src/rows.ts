import type { Order } from '@bharatmart/core';
import {
  toOrder as toOrderWithItems,
  type CustomerAddressRow as SqlCustomerAddressRow,
  type EmailRow as SqlEmailRow,
  type InvoiceRow as SqlInvoiceRow,
  type OrderItemRow as SqlOrderItemRow,
  type OrderRow as SqlOrderRow,
  type OutboxRow as SqlOutboxRow,
  type PaymentRow as SqlPaymentRow,
  type ProductRow as SqlProductRow,
  type UserRow as SqlUserRow,
} from '@bharatmart/database-sql';

// Rows as PostgREST returns them: the shared schema of @bharatmart/database-sql, as JSON. They become
// domain objects through that package's row mappers, the one mapping of the schema; only an order's
// shape differs here, its items arriving embedded.

export {
  toEmail,
  toInvoice,
  toOutboxEntry,
  toPayment,
  toProduct,
  toSavedAddress,
  toUser,
  toUserWithCredentials,
} from '@bharatmart/database-sql';

/**
 * A shared row as JSON: its 64-bit columns (a number, decimal string or bigint from Kysely drivers)
 * are JSON numbers. Narrower than the shared row, so the shared mappers take it as it is; the
 * narrowing keeps bigints, which JSON cannot carry, out of the rows this adapter writes.
 */
type JsonRow<Row> = { [Column in keyof Row]: bigint extends Row[Column] ? number : Row[Column] };

export type ProductRow = JsonRow<SqlProductRow>;
export type UserRow = JsonRow<SqlUserRow>;
export type OrderItemRow = JsonRow<SqlOrderItemRow>;
export type PaymentRow = JsonRow<SqlPaymentRow>;
export type InvoiceRow = JsonRow<SqlInvoiceRow>;
export type EmailRow = JsonRow<SqlEmailRow>;
export type OutboxRow = JsonRow<SqlOutboxRow>;
export type CustomerAddressRow = JsonRow<SqlCustomerAddressRow>;

/** An order with its items embedded (`select=*,order_items(*)`, or the functions' `order` JSON). */
export type OrderRow = JsonRow<SqlOrderRow> & { order_items: OrderItemRow[] };

/** An order row with embedded items as an Order, items by line number (embedding does not order them). */
export function toOrder(row: OrderRow): Order {
  const items = [...row.order_items].sort((a, b) => a.line_no - b.line_no);
  return toOrderWithItems(row, items);
}
