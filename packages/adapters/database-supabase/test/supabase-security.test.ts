import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createClient, type WebSocketLikeConstructor } from '@supabase/supabase-js';
import type { IDatabaseAdapter, Order, User } from '@bharatmart/core';
import { mintKey, startSupabaseStandin, type SupabaseStandin } from '@bharatmart/supabase-standin';
import { describeWithService, tcpReachable, usePostgresTestDatabase } from '@bharatmart/testkit';
import { createSupabaseDatabase } from '../src/index.js';

/** supabase-js builds a Realtime client eagerly; on Node 20 it needs a WebSocket class, never used here. */
class NoWebSocket {
  constructor() {
    throw new Error('Realtime is not used');
  }
}

await describeWithService('postgres', 'supabase adapter: Row Level Security and failures', () => {
  const database = usePostgresTestDatabase('supabase_security');
  const jwtSecret = randomBytes(32).toString('hex');
  let standin: SupabaseStandin;
  let db: IDatabaseAdapter;
  let alice: User;
  let bob: User;
  let aliceOrder: Order;

  const client = (key: string) =>
    createClient(standin.url, key, {
      auth: { persistSession: false },
      realtime: { transport: NoWebSocket as unknown as WebSocketLikeConstructor },
    });

  beforeAll(async () => {
    standin = await startSupabaseStandin({ databaseUrl: database().url, jwtSecret });
    db = createSupabaseDatabase({
      url: standin.url,
      serviceRoleKey: standin.serviceRoleKey,
      dbUrl: database().url,
    });
    await db.migrations.latest();
    const product = await db.products.create({
      sku: 'RLS-1',
      name: 'Chai',
      description: 'tea',
      price: 100,
      currency: 'INR',
      stock: 10,
      category: 'tea',
    });
    const user = (email: string) =>
      db.users.create({ email, name: email, passwordHash: 'h', role: 'customer' });
    [alice, bob] = [await user('alice@example.test'), await user('bob@example.test')];
    const order = (userId: string) =>
      db.orders.create({ userId, items: [{ productId: product.id, quantity: 1 }], jobs: () => [] });
    aliceOrder = (await order(alice.id)).order;
    await order(bob.id);
  });
  afterAll(async () => {
    await db?.close();
    await standin?.stop();
  });

  it("lets the anon key read the catalog but none of the customers' data", async () => {
    const anon = client(standin.anonKey);
    expect((await anon.from('products').select('sku')).data).toEqual([{ sku: 'RLS-1' }]);
    for (const table of ['orders', 'order_items', 'users', 'payments', 'outbox', 'bharatmart_migrations']) {
      expect(await anon.from(table).select('*')).toMatchObject({ error: null, data: [] });
    }
    const service = client(standin.serviceRoleKey);
    expect((await service.from('orders').select('id')).data).toHaveLength(2);
  });

  it('lets a signed-in customer read only their own orders and items', async () => {
    const asAlice = client(await mintKey(jwtSecret, 'authenticated', { sub: alice.id }));
    const { data } = await asAlice.from('orders').select('id, order_items(quantity)');
    expect(data).toEqual([{ id: aliceOrder.id, order_items: [{ quantity: 1 }] }]);
  });

  it('denies the anon key every write and the write functions', async () => {
    const anon = client(standin.anonKey);
    const update = await anon.from('products').update({ stock: 0 }).eq('sku', 'RLS-1').select();
    expect(update).toMatchObject({ error: null, data: [] });
    expect(await db.products.get(aliceOrder.items[0]?.productId ?? '')).toMatchObject({ stock: 8 });
    const insert = await anon.from('orders').insert({ id: 'x' });
    expect(insert).toMatchObject({ status: 401, error: { code: '42501' } });
    const rpc = await anon.rpc('bharatmart_transition_order', {
      p_order_id: aliceOrder.id,
      p_change: {},
      p_now: '',
    });
    expect(rpc).toMatchObject({ status: 401, error: { code: '42501' } });
  });

  it('fails MISCONFIGURED when Supabase refuses the service role key', async () => {
    const wrongKey = createSupabaseDatabase({
      url: standin.url,
      serviceRoleKey: await mintKey('some-other-secret-of-sufficient-length', 'service_role'),
      dbUrl: database().url,
    });
    await expect(wrongKey.products.count()).rejects.toMatchObject({
      name: 'AdapterError',
      code: 'MISCONFIGURED',
    });
    await wrongKey.close();
  });

  it('fails UNAVAILABLE, at once, when nothing answers at the URL; health reports down', async () => {
    const port = 1;
    expect(await tcpReachable('127.0.0.1', port)).toBe(false);
    const unreachable = createSupabaseDatabase({
      url: `http://127.0.0.1:${port}`,
      serviceRoleKey: standin.serviceRoleKey,
      dbUrl: database().url,
    });
    const started = Date.now();
    await expect(unreachable.products.get('x')).rejects.toMatchObject({
      name: 'AdapterError',
      code: 'UNAVAILABLE',
    });
    await expect(
      unreachable.orders.create({
        userId: alice.id,
        items: [{ productId: 'x', quantity: 1 }],
        jobs: () => [],
      }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(unreachable.health()).resolves.toMatchObject({ status: 'down' });
    await unreachable.close();
  });

  it('fails migrations UNAVAILABLE, naming the supabase adapter, when the direct database is unreachable', async () => {
    const noDatabase = createSupabaseDatabase({
      url: standin.url,
      serviceRoleKey: standin.serviceRoleKey,
      dbUrl: 'postgres://postgres@127.0.0.1:1/postgres',
    });
    await expect(noDatabase.migrations.latest()).rejects.toMatchObject({
      name: 'AdapterError',
      adapter: 'supabase',
      code: 'UNAVAILABLE',
    });
    await noDatabase.close();
  });
});
