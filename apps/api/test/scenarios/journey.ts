import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { components } from '@bharatmart/client';
import { eventually } from '@bharatmart/testkit';
import type { TestApi } from '../support.js';
import { createProduct, expectData, registerCustomer, waitForOrder } from '../support.js';

type Invoice = components['schemas']['Invoice'];
type InvoiceGst = NonNullable<Invoice['gst']>;

/**
 * The whole customer journey and the no-oversell guarantee, over HTTP against an API started by
 * `start` — run on every backend combination. Every call goes through the typed client
 * (@bharatmart/client), so a change of the contract that breaks clients breaks this scenario.
 */
export function describeJourney(label: string, start: () => Promise<TestApi>): void {
  describe(`the whole journey on ${label}`, () => {
    let api: TestApi;

    beforeAll(async () => {
      api = await start();
    });

    afterAll(async () => {
      const codes = await Promise.all([
        api.app.stop(),
        ...(api.companions ?? []).map((companion) => companion.stop()),
      ]);
      expect(codes.every((code) => code === 0)).toBe(true);
    });

    async function emailsTo(to: string): Promise<{ template?: string; subject?: string }[]> {
      const listed = await api.as(api.adminToken).GET('/api/v1/admin/emails', { params: { query: { to } } });
      return expectData('list emails', listed).items;
    }

    const productById = async (id: string) =>
      expectData('get product', await api.as().GET('/api/v1/products/{id}', { params: { path: { id } } }));
    const orderPath = (id: string) => ({ params: { path: { id } } });

    it('register → browse → order → paid → emails → invoice → ship → shipping email', async () => {
      const { token, user } = await registerCustomer(api.client, 'Ravi');
      const customer = api.as(token);

      const catalog = expectData(
        'list products',
        await api.as().GET('/api/v1/products', { params: { query: { category: 'grocery', limit: 50 } } }),
      );
      expect(catalog.total).toBeGreaterThanOrEqual(5);
      const tea = catalog.items.find((product) => product.sku === 'GROC-TEA-002');
      if (!tea) throw new Error('the seeded catalog has no GROC-TEA-002');
      expect(tea).toMatchObject({ currency: 'INR', price: 59_900 });

      const placed = await customer.POST('/api/v1/orders', {
        body: { items: [{ productId: tea.id, quantity: 2 }] },
      });
      expect(placed.response.status).toBe(201);
      const order = expectData('place order', placed);
      expect(order).toMatchObject({
        status: 'pending',
        paymentStatus: 'pending',
        total: 119_800,
        currency: 'INR',
        userId: user.id,
      });
      expect(order.items).toEqual([
        { productId: tea.id, sku: 'GROC-TEA-002', name: tea.name, quantity: 2, unitPrice: 59_900 },
      ]);
      const orderId = order.id;

      const paid = await waitForOrder(api, token, orderId, (current) => current.paymentStatus === 'paid');
      expect(paid.status).toBe('confirmed');

      const emails = await eventually(async () => {
        const sent = await emailsTo(user.email);
        return sent.length >= 2 ? sent : undefined;
      });
      expect(emails?.map((email) => email.template).sort()).toEqual(['order-confirmation', 'welcome']);

      const invoice = await eventually(
        async () => (await customer.GET('/api/v1/orders/{id}/invoice', orderPath(orderId))).data,
      );
      expect(invoice).toMatchObject({ orderId, userId: user.id, total: 119_800, currency: 'INR' });
      // No address: a supply within the store's state (Karnataka, 29), CGST + SGST at tea's 5%.
      expect(invoice?.lines).toEqual([
        {
          sku: 'GROC-TEA-002',
          name: tea.name,
          quantity: 2,
          unitPrice: 59_900,
          lineTotal: 119_800,
          hsnCode: '090240',
          gstRatePercent: 5,
          taxableValue: 114_095,
          cgst: 2852,
          sgst: 2853,
          igst: 0,
        },
      ]);
      expect(invoice?.gst).toMatchObject({
        placeOfSupply: '29',
        supplyType: 'intra-state',
        shippingAddress: null,
      });

      const shipped = await api.as(api.adminToken).POST('/api/v1/orders/{id}/ship', orderPath(orderId));
      expect(shipped.response.status).toBe(200);
      expect(shipped.data?.status).toBe('shipped');
      const shippingEmail = await eventually(async () =>
        (await emailsTo(user.email)).find((email) => email.template === 'shipping'),
      );
      expect(shippingEmail?.subject).toContain(orderId);

      const tooLate = await customer.POST('/api/v1/orders/{id}/cancel', orderPath(orderId));
      expect(tooLate.response.status).toBe(422);
      expect(tooLate.error?.error.code).toBe('INVALID_STATE');
    });

    /** The order's invoice once the invoice job has run: its JSON and its PDF's text (pdftotext). */
    async function invoiceOf(
      orderId: string,
      token: string,
    ): Promise<{ json: Invoice; gst: InvoiceGst; text: string }> {
      const customer = api.as(token);
      const json = await eventually(
        async () => (await customer.GET('/api/v1/orders/{id}/invoice', orderPath(orderId))).data,
      );
      if (!json?.gst) throw new Error(`order ${orderId} has no invoice with GST details`);
      const pdf = await customer.GET('/api/v1/orders/{id}/invoice.pdf', {
        ...orderPath(orderId),
        parseAs: 'arrayBuffer',
      });
      expect(pdf.response.status).toBe(200);
      expect(pdf.response.headers.get('content-type')).toBe('application/pdf');
      const input = Buffer.from(expectData('invoice PDF', pdf));
      const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input }).toString('utf8');
      return { json, gst: json.gst, text };
    }

    const rupees = (paise: number) =>
      new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
        paise / 100,
      );

    it('an intra-state and an inter-state order: GST split by place of supply, in JSON and PDF', async () => {
      const { token } = await registerCustomer(api.client, 'Asha');
      const customer = api.as(token);
      const products = expectData(
        'list products',
        await api.as().GET('/api/v1/products', { params: { query: { limit: 100 } } }),
      ).items;
      const bySku = (sku: string) => products.find((product) => product.sku === sku)?.id ?? '';
      const items = [
        { productId: bySku('ELEC-EARB-002'), quantity: 1 }, // 18%
        { productId: bySku('GROC-GHEE-003'), quantity: 2 }, // 5%
        { productId: bySku('BOOK-MALGUDI-002'), quantity: 1 }, // nil
      ];
      const address = {
        name: 'Asha Raman',
        line1: '4 Residency Road',
        city: 'Bengaluru',
        stateCode: '29',
        pincode: '560025',
        phone: '+919876543210',
      } as const;
      const saved = await customer.POST('/api/v1/me/addresses', { body: address });
      expect(saved.response.status).toBe(201);
      expect(expectData('list addresses', await customer.GET('/api/v1/me/addresses'))).toEqual([
        expectData('add address', saved),
      ]);

      const chennai = {
        ...address,
        city: 'Chennai',
        stateCode: '33',
        pincode: '600001',
        line2: 'Flat 2B',
      } as const;
      const placed = [];
      for (const shippingAddress of [address, chennai]) {
        const response = await customer.POST('/api/v1/orders', { body: { items, shippingAddress } });
        expect(response.response.status).toBe(201);
        const order = expectData('place order', response);
        expect(order.shippingAddress).toEqual(shippingAddress);
        placed.push(order);
      }
      for (const order of placed) {
        await waitForOrder(api, token, order.id, (current) => current.paymentStatus === 'paid');
      }
      const [first, second] = placed.map((order) => order.id);
      if (!first || !second) throw new Error('two orders were placed');
      const [intra, inter] = [await invoiceOf(first, token), await invoiceOf(second, token)];
      const total = 129_900 + 2 * 64_900 + 19_900;
      for (const { json, gst } of [intra, inter]) {
        expect(json.total).toBe(total);
        expect(json.number).toMatch(/^INV\/\d{2}-\d{2}\/\d{6}$/);
        const { taxableValue, cgst, sgst, igst } = gst.totals;
        expect(taxableValue + cgst + sgst + igst).toBe(total);
        expect(json.lines.map((line) => line.hsnCode)).toEqual(['851830', '040590', '490199']);
        expect(gst.seller).toMatchObject({ gstin: '29AABCB1234F1Z4', stateCode: '29' });
      }
      expect(intra.json.number).not.toBe(inter.json.number);
      expect(intra.gst).toMatchObject({
        placeOfSupply: '29',
        supplyType: 'intra-state',
        shippingAddress: address,
      });
      expect(intra.gst.totals.igst).toBe(0);
      expect(inter.gst).toMatchObject({
        placeOfSupply: '33',
        supplyType: 'inter-state',
        shippingAddress: chennai,
      });
      expect(inter.gst.totals.cgst + inter.gst.totals.sgst).toBe(0);
      // Same lines, same taxable values: only the split differs.
      expect(inter.gst.totals.igst).toBe(intra.gst.totals.cgst + intra.gst.totals.sgst);

      expect(intra.text).toContain('TAX INVOICE');
      expect(intra.text).toContain(`Invoice No.: ${intra.json.number}`);
      expect(intra.text).toContain('Place of supply: Karnataka (29)');
      expect(intra.text).toContain(`₹ ${rupees(intra.gst.totals.cgst)}`);
      expect(intra.text).not.toContain('IGST');
      expect(inter.text).toContain('Place of supply: Tamil Nadu (33)');
      expect(inter.text).toContain(`₹ ${rupees(inter.gst.totals.igst)}`);
      expect(inter.text).not.toContain('CGST');
      for (const { gst, text } of [intra, inter]) {
        expect(text).toContain('GSTIN: 29AABCB1234F1Z4');
        expect(text).toContain(`₹ ${rupees(total)}`);
        expect(text.replace(/\s+/g, ' ')).toContain(gst.amountInWords);
      }

      const stranger = await registerCustomer(api.client, 'Stranger');
      const denied = await api.as(stranger.token).GET('/api/v1/orders/{id}/invoice.pdf', {
        ...orderPath(first),
        parseAs: 'arrayBuffer',
      });
      expect(denied.response.status).toBe(404);
    });

    it('cancel a paid order → refund → stock returned', async () => {
      const { token } = await registerCustomer(api.client, 'Meera');
      const customer = api.as(token);
      const products = expectData(
        'search products',
        await api.as().GET('/api/v1/products', { params: { query: { search: 'basmati' } } }),
      );
      const rice = products.items[0];
      if (!rice) throw new Error('the seeded catalog has no basmati rice');
      const before = (await productById(rice.id)).stock;

      const placed = expectData(
        'place order',
        await customer.POST('/api/v1/orders', { body: { items: [{ productId: rice.id, quantity: 3 }] } }),
      );
      expect((await productById(rice.id)).stock).toBe(before - 3);
      await waitForOrder(api, token, placed.id, (order) => order.paymentStatus === 'paid');

      const cancelled = await customer.POST('/api/v1/orders/{id}/cancel', orderPath(placed.id));
      expect(cancelled.response.status).toBe(200);
      expect(cancelled.data?.status).toBe('cancelled');
      expect((await productById(rice.id)).stock).toBe(before);

      const refunded = await waitForOrder(
        api,
        token,
        placed.id,
        (order) => order.paymentStatus === 'refunded',
      );
      expect(refunded.status).toBe('cancelled');

      const again = await customer.POST('/api/v1/orders/{id}/cancel', orderPath(placed.id));
      expect(again.response.status).toBe(422);
      expect((await productById(rice.id)).stock).toBe(before);
    });

    it('a declined payment cancels the order and returns its stock', async () => {
      const { token } = await registerCustomer(api.client, 'Kabir');
      const tvs = expectData(
        'search products',
        await api.as().GET('/api/v1/products', { params: { query: { search: 'smart tv' } } }),
      );
      const tv = tvs.items[0];
      if (!tv) throw new Error('the seeded catalog has no smart TV');
      const patched = await api.as(api.adminToken).PATCH('/api/v1/products/{id}', {
        params: { path: { id: tv.id } },
        body: { price: 30_000_000 },
      });
      expect(patched.response.status).toBe(200);
      const before = expectData('update product', patched).stock;

      const placed = await api.as(token).POST('/api/v1/orders', {
        body: { items: [{ productId: tv.id, quantity: 2 }] },
      });
      expect(placed.response.status).toBe(201);
      const order = expectData('place order', placed);
      expect(order.total).toBe(60_000_000);
      const failed = await waitForOrder(
        api,
        token,
        order.id,
        (current) => current.paymentStatus === 'failed',
      );
      expect(failed.status).toBe('cancelled');
      expect((await productById(tv.id)).stock).toBe(before);
    });

    it('60 concurrent single-unit orders on stock 18: exactly 18 succeed, the rest get 409, stock ends at 0', async () => {
      const product = await createProduct(api, { stock: 18 });
      const customers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => registerCustomer(api.client, `Buyer${i}`)),
      );
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          api.as(customers[i % 6]?.token).POST('/api/v1/orders', {
            body: { items: [{ productId: product.id, quantity: 1 }] },
          }),
        ),
      );
      const statuses = results.map((result) => result.response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(18);
      expect(statuses.filter((status) => status === 409)).toHaveLength(42);
      for (const result of results.filter((r) => r.response.status === 409))
        expect(result.error?.error.code).toBe('INSUFFICIENT_STOCK');
      expect((await productById(product.id)).stock).toBe(0);
      const all = expectData(
        'list orders',
        await api.as(api.adminToken).GET('/api/v1/orders', { params: { query: { limit: 100 } } }),
      );
      expect(all.items.filter((order) => order.items[0]?.productId === product.id)).toHaveLength(18);
    });
  });
}
