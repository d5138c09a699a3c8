import { DomainError, type NewOrder, type Order, type OrderRepository } from '@bharatmart/core';
import { jobsArgument, transitionArgument } from './function-arguments.js';
import { toOrder, type OrderRow } from './rows.js';
import { PostgrestFailure, type SupabaseContext } from './supabase-context.js';

const ORDER_WITH_ITEMS = '*, order_items(*)';

function validateItems(items: NewOrder['items']): void {
  const invalid = items.filter((item) => !Number.isSafeInteger(item.quantity) || item.quantity <= 0);
  if (items.length === 0 || invalid.length > 0) {
    throw new DomainError('VALIDATION_FAILED', 'an order needs items with positive integer quantities', {
      productIds: invalid.map((item) => item.productId),
    });
  }
}

/**
 * Orders: reads through PostgREST (`orders` with `order_items` embedded); creation and transitions
 * through the `bharatmart_create_order` and `bharatmart_transition_order` functions, each one
 * transaction with its stock changes, idempotency key and outbox jobs.
 */
export function createOrderRepository(ctx: SupabaseContext): OrderRepository {
  const orders = () => ctx.client.from('orders');

  const get = async (id: string): Promise<Order | undefined> => {
    const { data } = await ctx.result<OrderRow | null>(
      orders().select(ORDER_WITH_ITEMS).eq('id', id).maybeSingle(),
    );
    return data ? toOrder(data) : undefined;
  };

  const count = async (userId: string | undefined) => {
    const query = orders().select('*', { count: 'exact', head: true });
    return (await ctx.result(userId === undefined ? query : query.eq('user_id', userId))).count ?? 0;
  };

  return {
    create: (order) =>
      ctx.run(async () => {
        validateItems(order.items);
        const orderId = ctx.newId();
        const { data } = await ctx.result<{ created: boolean; order: OrderRow }>(
          ctx.client.rpc('bharatmart_create_order', {
            p_order_id: orderId,
            p_user_id: order.userId,
            p_items: order.items.map(({ productId, quantity }) => ({ productId, quantity })),
            p_idempotency_key: order.idempotencyKey ?? null,
            p_request_hash: order.requestHash ?? null,
            p_jobs: jobsArgument(order.jobs(orderId)),
            p_now: ctx.now(),
            p_max_pending_orders: order.maxPendingOrders ?? null,
            p_shipping_address: order.shippingAddress ? JSON.stringify(order.shippingAddress) : null,
          }),
        );
        return { order: toOrder(data.order), created: data.created };
      }),

    get: (id) => ctx.run(() => get(id)),

    list: (query) =>
      ctx.run(async () => {
        let page = orders().select(ORDER_WITH_ITEMS, { count: 'exact' });
        if (query.userId !== undefined) page = page.eq('user_id', query.userId);
        try {
          const { data, count: total } = await ctx.result<OrderRow[]>(
            page
              .order('created_at', { ascending: false })
              .order('id', { ascending: false })
              .range(query.offset, query.offset + query.limit - 1),
          );
          return { items: data.map(toOrder), total: total ?? data.length };
        } catch (error) {
          // PostgREST answers an offset past the last row with 416; the page is then empty.
          if (error instanceof PostgrestFailure && error.code === 'PGRST103') {
            return { items: [], total: await count(query.userId) };
          }
          throw error;
        }
      }),

    awaitingPayment: (query) =>
      ctx.run(async () => {
        const { data } = await ctx.result<OrderRow[]>(
          orders()
            .select(ORDER_WITH_ITEMS)
            .eq('status', 'pending')
            .eq('payment_status', 'pending')
            .lt('created_at', query.createdBefore)
            .order('created_at', { ascending: true })
            .order('id', { ascending: true })
            .limit(query.limit),
        );
        return data.map(toOrder);
      }),

    pruneIdempotencyKeys: (query) =>
      ctx.run(async () => {
        const { data } = await ctx.result<number>(
          ctx.client.rpc('bharatmart_prune_idempotency_keys', {
            p_created_before: query.createdBefore,
            p_limit: query.limit,
          }),
        );
        return data;
      }),

    transition: (id, change) =>
      ctx.run(async () => {
        const { data } = await ctx.result<{ outcome: 'applied' | 'conflict' | 'missing'; order?: OrderRow }>(
          ctx.client.rpc('bharatmart_transition_order', {
            p_order_id: id,
            p_change: transitionArgument(change),
            p_now: ctx.now(),
          }),
        );
        if (data.outcome === 'missing' || !data.order) return undefined;
        const order = toOrder(data.order);
        return data.outcome === 'applied' ? order : { conflict: order };
      }),
  };
}
