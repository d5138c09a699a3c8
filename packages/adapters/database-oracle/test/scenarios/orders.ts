import type { NewOrder } from '@bharatmart/core';
import type { SqlScenario } from '../support/sql-snapshot.js';
import { invoiceJob, item, order, product } from './rows.js';

const twoProducts: NewOrder = {
  userId: 'user-1',
  items: [
    { productId: 'p-2', quantity: 1 },
    { productId: 'p-1', quantity: 2 },
  ],
  jobs: (orderId) => [
    invoiceJob(orderId),
    { name: 'payment.charge', payload: { orderId }, key: `charge@${orderId}` },
  ],
};

const products = { rows: [product('p-1'), product('p-2')] };
const withItems = (orderId: string) => ({ rows: [item(orderId, 0, 'p-1'), item(orderId, 1, 'p-2')] });

/** OrderRepository: every method, and the paths where the SQL differs. */
export const orderScenarios: SqlScenario[] = [
  {
    title:
      'orders.create: stock reserved by one conditional UPDATE per product (id order), the order and its items (INSERT ALL), jobs, in one transaction',
    script: (oracle) => oracle.on(/^select "id", "sku", "name", "price" from "products"/, products),
    run: (db) => db.orders.create(twoProducts),
  },
  {
    title: 'orders.create: with a shipping address, stored as JSON on the order row',
    script: (oracle) => oracle.on(/^select "id", "sku", "name", "price" from "products"/, products),
    run: (db) =>
      db.orders.create({
        ...twoProducts,
        shippingAddress: {
          name: 'Asha',
          line1: '4 Residency Road',
          city: 'Chennai',
          stateCode: '33',
          pincode: '600001',
          phone: '9876543210',
        },
      }),
  },
  {
    title: 'orders.create: a product short of stock (no row updated) is INSUFFICIENT_STOCK and rolls back',
    script: (oracle) =>
      oracle
        .on(/^update "products"/, { rowsAffected: 1 }, { rowsAffected: 0 })
        .on(/^select "id", "sku", "name", "price" from "products"/, products),
    run: (db) => db.orders.create(twoProducts),
  },
  {
    title: 'orders.create: with an idempotency key, claimed first in the transaction',
    script: (oracle) => oracle.on(/^select "id", "sku", "name", "price" from "products"/, products),
    run: (db) =>
      db.orders.create({
        ...twoProducts,
        items: [{ productId: 'p-1', quantity: 2 }],
        idempotencyKey: 'key-1',
        requestHash: 'hash-1',
      }),
  },
  {
    title:
      "orders.create: with a pending-order cap, the user's row is locked by a no-op UPDATE and pending orders counted",
    script: (oracle) =>
      oracle
        .on(/^select count\(\*\) "pending"/, { rows: [{ pending: 1 }] })
        .on(/^select "id", "sku", "name", "price" from "products"/, products),
    run: (db) => db.orders.create({ ...twoProducts, maxPendingOrders: 10 }),
  },
  {
    title: 'orders.create: a user at the pending-order cap is refused before any stock is reserved',
    script: (oracle) => oracle.on(/^select count\(\*\) "pending"/, { rows: [{ pending: 10 }] }),
    run: (db) => db.orders.create({ ...twoProducts, maxPendingOrders: 10 }),
  },
  {
    title: 'orders.create: a key seen before replays the stored order',
    script: (oracle) =>
      oracle
        .on(/^select "request_hash", "order_id" from "order_idempotency_keys"/, {
          rows: [{ request_hash: 'hash-1', order_id: 'order-1' }],
        })
        .on(/^select \* from "orders"/, { rows: [order('order-1')] })
        .on(/^select \* from "order_items"/, withItems('order-1')),
    run: (db) => db.orders.create({ ...twoProducts, idempotencyKey: 'key-1', requestHash: 'hash-1' }),
  },
  {
    title: 'orders.get: the order, then its items',
    script: (oracle) =>
      oracle
        .on(/^select \* from "orders"/, { rows: [order('order-1')] })
        .on(/^select \* from "order_items"/, withItems('order-1')),
    run: (db) => db.orders.get('order-1'),
  },
  {
    title: "orders.list: one customer's page, newest first, the total, and the page's items",
    script: (oracle) =>
      oracle
        .on(/^select \* from "orders"/, { rows: [order('order-2'), order('order-1')] })
        .on(/^select count\(\*\)/, { rows: [{ total: 5 }] }),
    run: (db) => db.orders.list({ userId: 'user-1', limit: 2, offset: 2 }),
  },
  {
    title: 'orders.transition: compare-and-set on status and payment status, restock, jobs',
    script: (oracle) =>
      oracle
        .on(/^select "product_id" "productId", "quantity" from "order_items"/, {
          rows: [
            { productId: 'p-2', quantity: 1 },
            { productId: 'p-1', quantity: 2 },
          ],
        })
        .on(/^select \* from "orders"/, { rows: [order('order-1', { status: 'cancelled' })] }),
    run: (db) =>
      db.orders.transition('order-1', {
        from: ['pending', 'confirmed'],
        to: 'cancelled',
        fromPayment: ['paid'],
        restock: true,
        jobs: [{ name: 'payment.refund', payload: { orderId: 'order-1' }, key: 'payment.refund@order-1' }],
      }),
  },
  {
    title: 'orders.transition: a state that does not allow the change reads the order back as the conflict',
    script: (oracle) =>
      oracle
        .on(/^update "orders"/, { rowsAffected: 0 })
        .on(/^select \* from "orders"/, { rows: [order('order-1', { status: 'shipped' })] }),
    run: (db) => db.orders.transition('order-1', { from: ['pending'], to: 'cancelled' }),
  },
  {
    title: 'orders.awaitingPayment: the oldest pending orders placed before a time, by FETCH NEXT',
    script: (oracle) =>
      oracle
        .on(/^select \* from "orders"/, { rows: [order('order-1')] })
        .on(/^select \* from "order_items"/, withItems('order-1')),
    run: (db) => db.orders.awaitingPayment({ createdBefore: '2025-06-01T00:00:00.000Z', limit: 50 }),
  },
  {
    title: 'orders.pruneIdempotencyKeys: the oldest keys before a time, by FETCH NEXT, then a delete by key',
    script: (oracle) =>
      oracle.on(/^select "user_id", "idempotency_key" from "order_idempotency_keys"/, {
        rows: [
          { user_id: 'user-1', idempotency_key: 'key-1' },
          { user_id: 'user-2', idempotency_key: 'key-2' },
        ],
      }),
    run: (db) => db.orders.pruneIdempotencyKeys({ createdBefore: '2025-06-01T00:00:00.000Z', limit: 500 }),
  },
];
