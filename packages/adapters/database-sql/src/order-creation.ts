import type { Kysely } from 'kysely';
import { DomainError, type NewOrder, type Order, type OrderItem } from '@bharatmart/core';
import { loadOrder, quantitiesByProduct } from './order-reads.js';
import { writeJobs } from './outbox-writer.js';
import { ensurePendingOrderSlot } from './pending-order-cap.js';
import type { Database } from './schema.js';
import { toNumber, type SqlContext } from './sql-context.js';

/** Thrown inside the transaction when a concurrent request claimed the same idempotency key first. */
class IdempotencyKeyClaimed extends Error {}

const MAX_ATTEMPTS = 3;

/**
 * Creates an order atomically (see OrderRepository.create). With an idempotency key, the key is
 * claimed first in the transaction, so a concurrent request with the same key waits for this one
 * and then replays its order instead of reserving stock twice. The pending-order cap is checked next,
 * before any stock is reserved.
 */
export async function createOrder(
  ctx: SqlContext,
  input: NewOrder,
): Promise<{ order: Order; created: boolean }> {
  validateItems(input.items);
  for (let attempt = 1; ; attempt++) {
    if (input.idempotencyKey !== undefined) {
      const replayed = await replay(ctx, input, input.idempotencyKey);
      if (replayed) return { order: replayed, created: false };
    }
    try {
      const order = await ctx.db.transaction().execute((trx) => insertOrder(ctx, trx, input));
      return { order, created: true };
    } catch (error) {
      if (!(error instanceof IdempotencyKeyClaimed)) throw error;
      if (attempt >= MAX_ATTEMPTS) {
        const message = 'concurrent requests keep claiming this idempotency key';
        throw new DomainError('CONFLICT', message, undefined, { cause: error });
      }
    }
  }
}

function validateItems(items: NewOrder['items']): void {
  const invalid = items.filter((item) => !Number.isSafeInteger(item.quantity) || item.quantity <= 0);
  if (items.length === 0 || invalid.length > 0) {
    throw new DomainError('VALIDATION_FAILED', 'an order needs items with positive integer quantities', {
      productIds: invalid.map((item) => item.productId),
    });
  }
}

/** The order stored under this user's key, or undefined; a different request hash is refused. */
async function replay(ctx: SqlContext, input: NewOrder, key: string): Promise<Order | undefined> {
  const claimed = await ctx.db
    .selectFrom('order_idempotency_keys')
    .select(['request_hash', 'order_id'])
    .where('user_id', '=', input.userId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (!claimed) return undefined;
  if (claimed.request_hash !== (input.requestHash ?? null)) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used for a different request', {
      idempotencyKey: key,
    });
  }
  const order = await loadOrder(ctx.db, claimed.order_id);
  if (!order) throw new Error(`idempotency key ${key} refers to missing order ${claimed.order_id}`);
  return order;
}

async function insertOrder(ctx: SqlContext, trx: Kysely<Database>, input: NewOrder): Promise<Order> {
  // Every order runs these statements, so they are compiled once per shape (see CompiledStatements).
  const { statements } = ctx;
  const orderId = ctx.newId();
  const now = ctx.now();

  if (input.idempotencyKey !== undefined) {
    try {
      await trx
        .insertInto('order_idempotency_keys')
        .values({
          user_id: input.userId,
          idempotency_key: input.idempotencyKey,
          request_hash: input.requestHash ?? null,
          order_id: orderId,
          created_at: now,
        })
        .execute();
    } catch (error) {
      if (ctx.classify(error) === 'unique-violation') throw new IdempotencyKeyClaimed();
      throw error;
    }
  }
  // After the key claim, so a concurrent repeat of this request replays it instead of being capped.
  if (input.maxPendingOrders !== undefined) {
    await ensurePendingOrderSlot(trx, input.userId, input.maxPendingOrders);
  }

  // One conditional decrement per product, in id order (no deadlock between multi-item orders).
  // The database re-checks `stock >= quantity` on the latest row version, so nothing oversells.
  const quantities = quantitiesByProduct(input.items);
  const short: string[] = [];
  for (const [productId, quantity] of quantities) {
    const result = await trx.executeQuery(
      statements.bind('order reserve-stock', [quantity, now, productId], ([take, at, id]) =>
        trx
          .updateTable('products')
          .set((eb) => ({ stock: eb('stock', '-', take), updated_at: at }))
          .where('id', '=', id)
          .where('stock', '>=', take),
      ),
    );
    if ((result.numAffectedRows ?? 0n) === 0n) short.push(productId);
  }

  const productIds = quantities.map(([productId]) => productId);
  const { rows: products } = await trx.executeQuery(
    statements.bind(`order products x${productIds.length}`, productIds, (ids) =>
      trx.selectFrom('products').select(['id', 'sku', 'name', 'price']).where('id', 'in', ids),
    ),
  );
  const byId = new Map(products.map((product) => [product.id, product]));
  const missing = productIds.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new DomainError('NOT_FOUND', 'some products do not exist', { productIds: missing });
  }
  if (short.length > 0) {
    throw new DomainError('INSUFFICIENT_STOCK', 'not enough stock for some products', { productIds: short });
  }

  const items: OrderItem[] = input.items.flatMap((item) => {
    const product = byId.get(item.productId);
    return product
      ? [
          {
            productId: item.productId,
            sku: product.sku,
            name: product.name,
            quantity: item.quantity,
            unitPrice: toNumber(product.price),
          },
        ]
      : [];
  });
  const order: Order = {
    id: orderId,
    userId: input.userId,
    status: 'pending',
    paymentStatus: 'pending',
    items,
    total: items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0),
    currency: 'INR',
    ...(input.shippingAddress ? { shippingAddress: input.shippingAddress } : {}),
    createdAt: now,
    updatedAt: now,
  };

  const orderRow = {
    id: order.id,
    user_id: order.userId,
    status: order.status,
    payment_status: order.paymentStatus,
    total: order.total,
    currency: order.currency,
    shipping_address: input.shippingAddress ? JSON.stringify(input.shippingAddress) : null,
    created_at: now,
    updated_at: now,
  };
  await trx.executeQuery(
    statements.bindRows('insert orders', [orderRow], (rows) => trx.insertInto('orders').values(rows)),
  );
  const itemRows = items.map((item, lineNo) => ({
    order_id: orderId,
    line_no: lineNo,
    product_id: item.productId,
    sku: item.sku,
    name: item.name,
    quantity: item.quantity,
    unit_price: item.unitPrice,
  }));
  await trx.executeQuery(
    statements.bindRows('insert order_items', itemRows, (rows) => trx.insertInto('order_items').values(rows)),
  );
  await writeJobs(ctx, trx, input.jobs(orderId));
  return order;
}
