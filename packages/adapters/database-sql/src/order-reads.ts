import type { Kysely, Selectable } from 'kysely';
import type { Order } from '@bharatmart/core';
import { toOrder } from './row-mappers.js';
import type { Database, OrderItemsTable, OrdersTable } from './schema.js';

/** The orders of `rows`, in the same order, each with its items (one query for all items). */
export async function withItems(db: Kysely<Database>, rows: Selectable<OrdersTable>[]): Promise<Order[]> {
  if (rows.length === 0) return [];
  const items = await db
    .selectFrom('order_items')
    .selectAll()
    .where(
      'order_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('order_id')
    .orderBy('line_no')
    .execute();
  const byOrder = new Map<string, Selectable<OrderItemsTable>[]>();
  for (const item of items) {
    const list = byOrder.get(item.order_id) ?? [];
    list.push(item);
    byOrder.set(item.order_id, list);
  }
  return rows.map((row) => toOrder(row, byOrder.get(row.id) ?? []));
}

/** The order with `id` and its items, or undefined; reads through `db` (maybe a transaction). */
export async function loadOrder(db: Kysely<Database>, id: string): Promise<Order | undefined> {
  const row = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [order] = await withItems(db, [row]);
  return order;
}

/** Sums quantities per product and sorts by product id: the order in which rows are locked. */
export function quantitiesByProduct(
  items: readonly { productId: string; quantity: number }[],
): [string, number][] {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(item.productId, (totals.get(item.productId) ?? 0) + item.quantity);
  return [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
