// The reference server: bare Fastify, no logging, no schemas, no auth, no ports or adapters — the
// same driver work as the API (node-cache, then PGlite or pg) written straight into the routes.
import Fastify from 'fastify';
import NodeCache from 'node-cache';
import { listProducts, openBareDb, placeOrder, productJson } from '../http/bare-db.js';

const db = await openBareDb(process.env);
const userId = process.env.BARE_USER_ID ?? '';
const cache = new NodeCache({ stdTTL: 300, checkperiod: 60, useClones: false });
const app = Fastify({ logger: false });

app.get<{ Params: { id: string } }>('/api/v1/products/:id', async (request, reply) => {
  const key = `products:item:${request.params.id}`;
  let text = cache.get<string>(key);
  if (text === undefined) {
    const rows = await db.query('select * from "products" where "id" = $1', [request.params.id]);
    if (!rows[0]) return reply.status(404).send({ error: { code: 'NOT_FOUND' } });
    text = JSON.stringify(productJson(rows[0]));
    cache.set(key, text, 300);
  }
  return reply.type('application/json').send(text);
});

app.get<{ Querystring: Record<string, string | undefined> }>('/api/v1/products', async (request, reply) => {
  const q = request.query;
  const key = `products:list:${JSON.stringify(q)}`;
  let text = cache.get<string>(key);
  if (text === undefined) {
    const minPrice = q.minPrice === undefined ? undefined : Number(q.minPrice);
    text = JSON.stringify(
      await listProducts(db, q.search ?? '', minPrice, Number(q.limit ?? 20), Number(q.offset ?? 0)),
    );
    cache.set(key, text, 30);
  }
  return reply.type('application/json').send(text);
});

app.post<{ Body: { items: { productId: string; quantity: number }[] } }>(
  '/api/v1/orders',
  async (request, reply) => {
    const order = await placeOrder(db, userId, request.body.items);
    for (const item of request.body.items) cache.del(`products:item:${item.productId}`);
    return reply.status(201).send(order);
  },
);

const close = async () => {
  await app.close();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`bare server listening at ${address}\n`);
