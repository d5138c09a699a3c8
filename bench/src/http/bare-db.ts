import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PRODUCT_TOTAL_CAP } from '@bharatmart/core';
import pg from 'pg';

/** Runs statements; `transaction` gives a scope whose statements commit or roll back together. */
export interface BareDb {
  query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  transaction<T>(work: (query: BareDb['query']) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The bare server's database: PGlite on a data directory, or a pg pool on a URL (10 connections). */
export async function openBareDb(env: NodeJS.ProcessEnv): Promise<BareDb> {
  if (env.BARE_DB === 'pglite') {
    const lite = await PGlite.create(env.BARE_PGLITE_DIR ?? '', { extensions: { pg_trgm } });
    const query = async (sql: string, params: unknown[]) =>
      (await lite.query<Record<string, unknown>>(sql, params)).rows;
    return {
      query,
      transaction: (work) =>
        lite.transaction((tx) =>
          work(async (sql, params) => (await tx.query<Record<string, unknown>>(sql, params)).rows),
        ),
      close: () => lite.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: env.BARE_DATABASE_URL, max: 10 });
  return {
    query: async (sql, params) => (await pool.query(sql, params)).rows as Record<string, unknown>[],
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(
          async (sql, params) => (await client.query(sql, params)).rows as Record<string, unknown>[],
        );
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** A products row in the API's JSON shape. */
export function productJson(row: Record<string, unknown>) {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: Number(row.price),
    currency: row.currency,
    stock: Number(row.stock),
    category: row.category,
    hsnCode: row.hsn_code ?? '',
    gstRatePercent: Number(row.gst_rate_bp) / 100,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const WHERE = `(lower("name") like $1 escape '!' or lower("description") like $1 escape '!' or lower("sku") like $1 escape '!')`;

/**
 * The listing the API runs: a page ordered by name, id and the total counted up to PRODUCT_TOTAL_CAP,
 * filtered by search and minPrice.
 */
export async function listProducts(
  db: BareDb,
  search: string,
  minPrice: number | undefined,
  limit: number,
  offset: number,
) {
  const params: unknown[] = [`%${search.toLowerCase()}%`];
  let where = `where ${WHERE}`;
  if (minPrice !== undefined) {
    params.push(minPrice);
    where += ` and "price" >= $2`;
  }
  const n = params.length;
  const [rows, counted] = await Promise.all([
    // The same statement as the adapter's: matches found first (OFFSET 0), then sorted and paged.
    db.query(
      `select * from (select * from "products" ${where} offset 0) as "matching" order by "name", "id" limit $${n + 1} offset $${n + 2}`,
      [...params, limit, offset],
    ),
    db.query(
      `select count(*) as "total" from (select 1 as "one" from "products" ${where} limit $${n + 1}) as "matching"`,
      [...params, PRODUCT_TOTAL_CAP + 1],
    ),
  ]);
  const total = Number(counted[0]?.total ?? 0);
  const totalCapped = total > PRODUCT_TOTAL_CAP;
  return {
    items: rows.map(productJson),
    total: totalCapped ? Math.max(PRODUCT_TOTAL_CAP, offset + rows.length) : total,
    totalCapped,
  };
}

/** Reserves stock and records a pending order with its items and four outbox jobs, in one transaction. */
export async function placeOrder(
  db: BareDb,
  userId: string,
  items: { productId: string; quantity: number }[],
) {
  const id = randomUUID();
  const now = new Date().toISOString();
  return db.transaction(async (query) => {
    // The statements the adapter issues: a conditional decrement per item, then one read of the rows.
    for (const item of items) {
      const updated = await query(
        `update "products" set "stock" = "stock" - $1, "updated_at" = $2 where "id" = $3 and "stock" >= $1 returning "id"`,
        [item.quantity, now, item.productId],
      );
      if (!updated[0]) throw new Error(`insufficient stock for ${item.productId}`);
    }
    const ids = items.map((item) => item.productId);
    const rows = await query(
      `select "id", "sku", "name", "price" from "products" where "id" in (${ids.map((_, k) => `$${k + 1}`).join(', ')})`,
      ids,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const lines = items.map((item, lineNo) => {
      const product = byId.get(item.productId) ?? {};
      return {
        lineNo,
        productId: item.productId,
        sku: product.sku,
        name: product.name,
        quantity: item.quantity,
        unitPrice: Number(product.price),
      };
    });
    const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
    await query(
      `insert into "orders" ("id", "user_id", "status", "payment_status", "total", "currency", "created_at", "updated_at") values ($1, $2, 'pending', 'pending', $3, 'INR', $4, $4)`,
      [id, userId, total, now],
    );
    for (const line of lines) {
      await query(
        `insert into "order_items" ("order_id", "line_no", "product_id", "sku", "name", "quantity", "unit_price") values ($1, $2, $3, $4, $5, $6, $7)`,
        [id, line.lineNo, line.productId, line.sku, line.name, line.quantity, line.unitPrice],
      );
    }
    const jobs = ['order.inventory', 'payment.charge'];
    const payload = JSON.stringify({ orderId: id });
    const [payloadParam, nowParam] = [jobs.length * 3 + 1, jobs.length * 3 + 2];
    await query(
      `insert into "outbox" ("id", "job_key", "name", "payload", "delay_ms", "status", "created_at", "updated_at") values ${jobs
        .map(
          (_, k) =>
            `($${k * 3 + 1}, $${k * 3 + 2}, $${k * 3 + 3}, $${payloadParam}, null, 'pending', $${nowParam}, $${nowParam})`,
        )
        .join(', ')} on conflict ("job_key") do nothing`,
      [...jobs.flatMap((name) => [randomUUID(), `${name}@${id}`, name]), payload, now],
    );
    return {
      id,
      userId,
      status: 'pending',
      paymentStatus: 'pending',
      items: lines.map(({ lineNo: _, ...rest }) => rest),
      total,
      currency: 'INR',
      createdAt: now,
      updatedAt: now,
    };
  });
}
