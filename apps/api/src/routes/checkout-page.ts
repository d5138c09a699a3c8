import type { FastifyInstance } from 'fastify';
import { idParamSchema } from '../http/schemas.js';

/** Razorpay's checkout script; the browser loads it from Razorpay, never from us. */
const CHECKOUT_SCRIPT = 'https://checkout.razorpay.com/v1/checkout.js';

/** The page: reads the customer's token from the URL fragment (never sent to a server), opens the checkout. */
function page(orderId: string): string {
  const id = JSON.stringify(orderId);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pay order ${orderId}</title>
<script src="${CHECKOUT_SCRIPT}"></script></head>
<body style="font-family:sans-serif">
<h1>BharatMart: pay order ${orderId}</h1>
<p id="status">Opening Razorpay…</p>
<button id="pay" hidden>Pay again</button>
<script>
const orderId = ${id};
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const show = (text) => { document.getElementById('status').textContent = text; };
const api = (path, options = {}) => fetch('/api/v1/orders/' + encodeURIComponent(orderId) + path, {
  ...options, headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' } });
async function open() {
  if (!token) return show('Open this page as /checkout/<order id>#token=<your bearer token>.');
  const response = await api('/checkout');
  const checkout = await response.json();
  if (!response.ok) return show(checkout.error ? checkout.error.message : 'Checkout unavailable');
  const razorpay = new Razorpay({
    key: checkout.keyId, order_id: checkout.providerOrderId, amount: checkout.amount,
    currency: checkout.currency, name: 'BharatMart', description: 'Order ' + orderId,
    handler: async (result) => {
      show('Confirming the payment…');
      const confirmed = await api('/payment', { method: 'POST', body: JSON.stringify(result) });
      const order = await confirmed.json();
      show(confirmed.ok ? 'Paid: order ' + order.id + ' is ' + order.status : order.error.message);
    },
    modal: { ondismiss: () => { show('Checkout closed.'); document.getElementById('pay').hidden = false; } },
  });
  razorpay.on('payment.failed', (failure) => show('Payment failed: ' + failure.error.description));
  razorpay.open();
}
document.getElementById('pay').addEventListener('click', open);
open();
</script></body></html>`;
}

/**
 * GET /checkout/:id — a minimal page that pays an order with Razorpay Standard Checkout, for
 * development (registered only outside production and with a checkout gateway). Not part of the API:
 * it is hidden from the OpenAPI document, and it calls the documented API routes with the customer's
 * token.
 */
export function checkoutPage() {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { id: string } }>(
      '/checkout/:id',
      { schema: { hide: true, params: idParamSchema } },
      async (request, reply) =>
        reply
          .header('content-type', 'text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('referrer-policy', 'no-referrer')
          .send(page(request.params.id)),
    );
  };
}
