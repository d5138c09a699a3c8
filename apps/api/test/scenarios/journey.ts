import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Invoice, InvoiceGst } from '@bharatmart/core';
import { eventually } from '@bharatmart/testkit';
import type { TestApi } from '../support.js';
import { createProduct, registerCustomer, waitForOrder } from '../support.js';

/**
 * The whole customer journey and the no-oversell guarantee, over HTTP against an API started by
 * `start` — run on every backend combination.
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

    async function emailsTo(to: string): Promise<{ template: string; subject: string }[]> {
      const response = await api.client.get(`/api/v1/admin/emails?to=${encodeURIComponent(to)}`, {
        token: api.adminToken,
      });
      expect(response.status).toBe(200);
      return response.body.items;
    }

    it('register → browse → order → paid → emails → invoice → ship → shipping email', async () => {
      const { token, user } = await registerCustomer(api.client, 'Ravi');

      const catalog = await api.client.get('/api/v1/products?category=grocery&limit=50');
      expect(catalog.status).toBe(200);
      expect(catalog.body.total).toBeGreaterThanOrEqual(5);
      const tea = catalog.body.items.find((product: { sku: string }) => product.sku === 'GROC-TEA-002');
      expect(tea).toMatchObject({ currency: 'INR', price: 59_900 });

      const placed = await api.client.post(
        '/api/v1/orders',
        { items: [{ productId: tea.id, quantity: 2 }] },
        { token },
      );
      expect(placed.status).toBe(201);
      expect(placed.body).toMatchObject({
        status: 'pending',
        paymentStatus: 'pending',
        total: 119_800,
        currency: 'INR',
        userId: user.id,
      });
      expect(placed.body.items).toEqual([
        { productId: tea.id, sku: 'GROC-TEA-002', name: tea.name, quantity: 2, unitPrice: 59_900 },
      ]);
      const orderId = placed.body.id;

      const paid = await waitForOrder(api, token, orderId, (order) => order.paymentStatus === 'paid');
      expect(paid.status).toBe('confirmed');

      const emails = await eventually(async () => {
        const sent = await emailsTo(user.email);
        return sent.length >= 2 ? sent : undefined;
      });
      expect(emails?.map((email) => email.template).sort()).toEqual(['order-confirmation', 'welcome']);

      const invoice = await eventually(async () => {
        const response = await api.client.get(`/api/v1/orders/${orderId}/invoice`, { token });
        return response.status === 200 ? response.body : undefined;
      });
      expect(invoice).toMatchObject({ orderId, userId: user.id, total: 119_800, currency: 'INR' });
      // No address: a supply within the store's state (Karnataka, 29), CGST + SGST at tea's 5%.
      expect(invoice.lines).toEqual([
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
      expect(invoice.gst).toMatchObject({
        placeOfSupply: '29',
        supplyType: 'intra-state',
        shippingAddress: null,
      });

      const shipped = await api.client.post(`/api/v1/orders/${orderId}/ship`, undefined, {
        token: api.adminToken,
      });
      expect(shipped.status).toBe(200);
      expect(shipped.body.status).toBe('shipped');
      const shippingEmail = await eventually(async () =>
        (await emailsTo(user.email)).find((email) => email.template === 'shipping'),
      );
      expect(shippingEmail?.subject).toContain(orderId);

      const tooLate = await api.client.post(`/api/v1/orders/${orderId}/cancel`, undefined, { token });
      expect(tooLate.status).toBe(422);
      expect(tooLate.body.error.code).toBe('INVALID_STATE');
    });

    /** The order's invoice once the invoice job has run: its JSON and its PDF's text (pdftotext). */
    async function invoiceOf(
      orderId: string,
      token: string,
    ): Promise<{ json: Invoice & { gst: InvoiceGst }; text: string }> {
      const json = await eventually(async () => {
        const response = await api.client.get(`/api/v1/orders/${orderId}/invoice`, { token });
        return response.status === 200 ? response.body : undefined;
      });
      expect(json).toBeDefined();
      const pdf = await api.client.download(`/api/v1/orders/${orderId}/invoice.pdf`, { token });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf.body }).toString('utf8');
      return { json, text };
    }

    const rupees = (paise: number) =>
      new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
        paise / 100,
      );

    it('an intra-state and an inter-state order: GST split by place of supply, in JSON and PDF', async () => {
      const { token } = await registerCustomer(api.client, 'Asha');
      const products = (await api.client.get('/api/v1/products?limit=100')).body.items as {
        id: string;
        sku: string;
      }[];
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
      };
      const saved = await api.client.post('/api/v1/me/addresses', address, { token });
      expect(saved.status).toBe(201);
      expect((await api.client.get('/api/v1/me/addresses', { token })).body).toEqual([saved.body]);

      const chennai = { ...address, city: 'Chennai', stateCode: '33', pincode: '600001', line2: 'Flat 2B' };
      const placed = [];
      for (const shippingAddress of [address, chennai]) {
        const response = await api.client.post('/api/v1/orders', { items, shippingAddress }, { token });
        expect(response.status).toBe(201);
        expect(response.body.shippingAddress).toEqual(shippingAddress);
        placed.push(response.body);
      }
      for (const order of placed) {
        await waitForOrder(api, token, order.id, (current) => current.paymentStatus === 'paid');
      }
      const [intra, inter] = [await invoiceOf(placed[0].id, token), await invoiceOf(placed[1].id, token)];
      const total = 129_900 + 2 * 64_900 + 19_900;
      for (const { json } of [intra, inter]) {
        expect(json.total).toBe(total);
        expect(json.number).toMatch(/^INV\/\d{4}-\d{2}\/\d{6}$/);
        const { taxableValue, cgst, sgst, igst } = json.gst.totals;
        expect(taxableValue + cgst + sgst + igst).toBe(total);
        expect(json.lines.map((line) => line.hsnCode)).toEqual(['851830', '040590', '490199']);
        expect(json.gst.seller).toMatchObject({ gstin: '29AABCB1234F1Z4', stateCode: '29' });
      }
      expect(intra.json.number).not.toBe(inter.json.number);
      expect(intra.json.gst).toMatchObject({
        placeOfSupply: '29',
        supplyType: 'intra-state',
        shippingAddress: address,
      });
      expect(intra.json.gst.totals.igst).toBe(0);
      expect(inter.json.gst).toMatchObject({
        placeOfSupply: '33',
        supplyType: 'inter-state',
        shippingAddress: chennai,
      });
      expect(inter.json.gst.totals.cgst + inter.json.gst.totals.sgst).toBe(0);
      // Same lines, same taxable values: only the split differs.
      expect(inter.json.gst.totals.igst).toBe(intra.json.gst.totals.cgst + intra.json.gst.totals.sgst);

      expect(intra.text).toContain('TAX INVOICE');
      expect(intra.text).toContain(`Invoice No.: ${intra.json.number}`);
      expect(intra.text).toContain('Place of supply: Karnataka (29)');
      expect(intra.text).toContain(`₹ ${rupees(intra.json.gst.totals.cgst)}`);
      expect(intra.text).not.toContain('IGST');
      expect(inter.text).toContain('Place of supply: Tamil Nadu (33)');
      expect(inter.text).toContain(`₹ ${rupees(inter.json.gst.totals.igst)}`);
      expect(inter.text).not.toContain('CGST');
      for (const { json, text } of [intra, inter]) {
        expect(text).toContain('GSTIN: 29AABCB1234F1Z4');
        expect(text).toContain(`₹ ${rupees(total)}`);
        expect(text.replace(/\s+/g, ' ')).toContain(json.gst.amountInWords);
      }

      const stranger = await registerCustomer(api.client, 'Stranger');
      const denied = await api.client.download(`/api/v1/orders/${placed[0].id}/invoice.pdf`, {
        token: stranger.token,
      });
      expect(denied.status).toBe(404);
    });

    it('cancel a paid order → refund → stock returned', async () => {
      const { token } = await registerCustomer(api.client, 'Meera');
      const products = await api.client.get('/api/v1/products?search=basmati');
      const rice = products.body.items[0];
      const before = (await api.client.get(`/api/v1/products/${rice.id}`)).body.stock;

      const placed = await api.client.post(
        '/api/v1/orders',
        { items: [{ productId: rice.id, quantity: 3 }] },
        { token },
      );
      expect(placed.status).toBe(201);
      expect((await api.client.get(`/api/v1/products/${rice.id}`)).body.stock).toBe(before - 3);
      await waitForOrder(api, token, placed.body.id, (order) => order.paymentStatus === 'paid');

      const cancelled = await api.client.post(`/api/v1/orders/${placed.body.id}/cancel`, undefined, {
        token,
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      expect((await api.client.get(`/api/v1/products/${rice.id}`)).body.stock).toBe(before);

      const refunded = await waitForOrder(
        api,
        token,
        placed.body.id,
        (order) => order.paymentStatus === 'refunded',
      );
      expect(refunded.status).toBe('cancelled');

      const again = await api.client.post(`/api/v1/orders/${placed.body.id}/cancel`, undefined, { token });
      expect(again.status).toBe(422);
      expect((await api.client.get(`/api/v1/products/${rice.id}`)).body.stock).toBe(before);
    });

    it('a declined payment cancels the order and returns its stock', async () => {
      const { token } = await registerCustomer(api.client, 'Kabir');
      const tvs = await api.client.get('/api/v1/products?search=smart%20tv');
      const tv = tvs.body.items[0];
      const patched = await api.client.patch(
        `/api/v1/products/${tv.id}`,
        { price: 30_000_000 },
        { token: api.adminToken },
      );
      expect(patched.status).toBe(200);
      const before = patched.body.stock;

      const placed = await api.client.post(
        '/api/v1/orders',
        { items: [{ productId: tv.id, quantity: 2 }] },
        { token },
      );
      expect(placed.status).toBe(201);
      expect(placed.body.total).toBe(60_000_000);
      const failed = await waitForOrder(
        api,
        token,
        placed.body.id,
        (order) => order.paymentStatus === 'failed',
      );
      expect(failed.status).toBe('cancelled');
      expect((await api.client.get(`/api/v1/products/${tv.id}`)).body.stock).toBe(before);
    });

    it('60 concurrent single-unit orders on stock 18: exactly 18 succeed, the rest get 409, stock ends at 0', async () => {
      const product = await createProduct(api, { stock: 18 });
      const customers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => registerCustomer(api.client, `Buyer${i}`)),
      );
      const responses = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          api.client.post(
            '/api/v1/orders',
            { items: [{ productId: product.id, quantity: 1 }] },
            { token: customers[i % 6]?.token ?? '' },
          ),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(18);
      expect(statuses.filter((status) => status === 409)).toHaveLength(42);
      for (const response of responses.filter((r) => r.status === 409))
        expect(response.body.error.code).toBe('INSUFFICIENT_STOCK');
      expect((await api.client.get(`/api/v1/products/${product.id}`)).body.stock).toBe(0);
      const all = await api.client.get('/api/v1/orders?limit=100', { token: api.adminToken });
      expect(
        all.body.items.filter(
          (order: { items: { productId: string }[] }) => order.items[0]?.productId === product.id,
        ),
      ).toHaveLength(18);
    });
  });
}
