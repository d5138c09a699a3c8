import { randomUUID } from 'node:crypto';
import {
  buildGstInvoice,
  DEMO_SELLER,
  pendingJob,
  seedDemoCatalog,
  type IDatabaseAdapter,
  type Order,
  type ShippingAddress,
  type User,
} from '@bharatmart/core';
import { hasSqlAccess } from '@bharatmart/database-sql';

/** What `seedShop` created through the repositories, to compare across backends. */
export interface Shop {
  users: User[];
  orders: Order[];
}

/**
 * Fills `db` the way the app does, through its repositories: the demo catalog, customers with
 * welcome jobs and a saved address each, orders with idempotency keys (every third with a shipping
 * address), payments, GST invoices, emails, outbox entries in every state.
 */
export async function seedShop(db: IDatabaseAdapter): Promise<Shop> {
  await seedDemoCatalog(db);
  const products = (await db.products.list({ limit: 100, offset: 0 })).items;
  const users: User[] = [];
  for (const name of ['Asha', 'Ravi', 'Meera', 'Kabir']) {
    const user = {
      email: `${name}@Example.in`,
      name,
      passwordHash: `hash-${name}`,
      role: 'customer' as const,
    };
    users.push(await db.users.create(user, (userId) => [pendingJob('email.welcome', { userId }, userId)]));
  }
  const address = (index: number): ShippingAddress => ({
    name: `${users[index % users.length]!.name} — घर`,
    line1: `${index + 1} Residency Road`,
    ...(index % 2 ? { line2: 'Near the temple' } : {}),
    city: 'Chennai',
    stateCode: index % 2 ? '33' : '29',
    pincode: '600001',
    phone: '9876543210',
  });
  for (const [index, user] of users.entries()) await db.addresses.add(user.id, address(index));
  const orders: Order[] = [];
  for (let index = 0; index < 20; index++) {
    const user = users[index % users.length]!;
    const items = [0, 1].map((line) => ({
      productId: products[(index + line * 7) % products.length]!.id,
      quantity: 1 + line,
    }));
    const { order } = await db.orders.create({
      userId: user.id,
      items,
      idempotencyKey: `checkout ${index % 2 ? 'A' : 'a'}-${index}`,
      requestHash: `hash-${index}`,
      ...(index % 3 === 0 ? { shippingAddress: address(index) } : {}),
      jobs: (orderId) => [pendingJob('payment.charge', { orderId }, orderId)],
    });
    orders.push(order);
    if (index % 2) continue;
    const paid = { from: ['pending' as const], to: 'confirmed' as const, paymentStatus: 'paid' as const };
    await db.payments.record(
      {
        orderId: order.id,
        kind: 'charge',
        amount: order.total,
        currency: 'INR',
        status: 'succeeded',
        gatewayReference: `pay_${index}`,
        idempotencyKey: `charge@${order.id}`,
      },
      { ...paid, jobs: [pendingJob('order.invoice', { orderId: order.id }, order.id)] },
    );
    const taxData = order.items.map(() => ({ hsnCode: '851713', gstRatePercent: 18 }));
    const issuedAt = new Date().toISOString();
    await db.invoices.createOnce(
      buildGstInvoice({ order, taxData, seller: DEMO_SELLER, numberPrefix: 'INV', issuedAt }),
    );
    await db.emails.record({
      to: user.email,
      subject: `Order ${order.id} confirmed — धन्यवाद`,
      body: `Dear ${user.name},\n\nYour order is confirmed.\n`,
      template: 'order-confirmation',
      dedupeKey: `email.order-confirmation@${order.id}`,
      transport: 'log',
    });
  }
  const pending = await db.outbox.pending(10);
  await db.outbox.markDispatched(pending.map((entry) => entry.id));
  await db.outbox.markCompleted(pending[0]!.key);
  return { users, orders };
}

/**
 * Adds `count` orders of the shop's customers straight through the adapter's Kysely, in batches:
 * one to three items each, every tenth with an idempotency key whose text sorts differently by
 * collation (case, accents, spaces), and one total beyond 2^53 that drivers return as text or
 * bigint.
 */
export async function addBulkOrders(db: IDatabaseAdapter, shop: Shop, count: number): Promise<void> {
  if (!hasSqlAccess(db)) throw new Error(`${db.name} has no SQL access`);
  const kysely = db.sqlAccess.db;
  const products = await kysely.selectFrom('products').select(['id', 'sku', 'name', 'price']).execute();
  const keyPrefixes = ['k', 'K', 'é', 'E', 'z ', 'Z-', '_'];
  for (let start = 0; start < count; start += 1_000) {
    const orders = [];
    const items = [];
    const keys = [];
    for (let index = start; index < Math.min(start + 1_000, count); index++) {
      const id = randomUUID();
      const userId = shop.users[index % shop.users.length]!.id;
      const at = new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString();
      let total = 0;
      for (let line = 0; line < 1 + (index % 3); line++) {
        const product = products[(index + line) % products.length]!;
        const unitPrice = Number(product.price);
        total += unitPrice * (line + 1);
        items.push({
          order_id: id,
          line_no: line,
          product_id: product.id,
          sku: product.sku,
          name: product.name,
          quantity: line + 1,
          unit_price: unitPrice,
        });
      }
      // Beyond Number.MAX_SAFE_INTEGER: the backend parses the text.
      const stored = index === 0 ? ('9007199254740993' as unknown as number) : total;
      orders.push({
        id,
        user_id: userId,
        status: 'pending' as const,
        payment_status: 'pending' as const,
        total: stored,
        currency: 'INR',
        created_at: at,
        updated_at: at,
      });
      if (index % 10 === 0) {
        const key = `${keyPrefixes[index % keyPrefixes.length]}${index}`;
        keys.push({
          user_id: userId,
          idempotency_key: key,
          request_hash: index % 20 ? null : `bulk-${index}`,
          order_id: id,
          created_at: at,
        });
      }
    }
    await kysely.insertInto('orders').values(orders).execute();
    await kysely.insertInto('order_items').values(items).execute();
    if (keys.length > 0) await kysely.insertInto('order_idempotency_keys').values(keys).execute();
  }
}
