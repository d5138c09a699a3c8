import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { DatabaseFixtures } from './fixtures.js';

/** PaymentRepository, InvoiceRepository and EmailRepository: each records once per unique key. */
export function describeRecordContract(fx: DatabaseFixtures): void {
  const { unique, newProduct, newUser, order, tick } = fx;
  describe('payments', () => {
    const payment = (orderId: string, idempotencyKey: string) => ({
      orderId,
      kind: 'charge' as const,
      amount: 1_000,
      currency: 'INR' as const,
      status: 'succeeded' as const,
      gatewayReference: unique('gw'),
      idempotencyKey,
    });

    it('records once per key, applying the transition only the first time', async () => {
      const placed = await order((await newUser()).id, [{ productId: (await newProduct()).id, quantity: 1 }]);
      const key = unique('pay');
      const first = await fx.db.payments.record(payment(placed.id, key), {
        from: ['pending'],
        to: 'confirmed',
        paymentStatus: 'paid',
      });
      expect(first.created).toBe(true);
      expect(first.payment).toMatchObject({
        ...payment(placed.id, key),
        gatewayReference: expect.any(String),
        id: expect.any(String),
      });
      await expect(fx.db.orders.get(placed.id)).resolves.toMatchObject({
        status: 'confirmed',
        paymentStatus: 'paid',
      });

      const again = await fx.db.payments.record(payment(placed.id, key), {
        from: ['confirmed'],
        to: 'cancelled',
        paymentStatus: 'refunded',
      });
      expect(again).toEqual({ payment: first.payment, created: false });
      await expect(fx.db.orders.get(placed.id)).resolves.toMatchObject({
        status: 'confirmed',
        paymentStatus: 'paid',
      });
    });

    it("finds by key and lists an order's payments oldest first", async () => {
      const placed = await order((await newUser()).id, [{ productId: (await newProduct()).id, quantity: 1 }]);
      const first = (await fx.db.payments.record(payment(placed.id, unique('pay')))).payment;
      await tick();
      const second = (await fx.db.payments.record({ ...payment(placed.id, unique('pay')), kind: 'refund' }))
        .payment;
      await expect(fx.db.payments.findByKey(first.idempotencyKey)).resolves.toEqual(first);
      await expect(fx.db.payments.findByKey(unique('none'))).resolves.toBeUndefined();
      await expect(fx.db.payments.listForOrder(placed.id)).resolves.toEqual([first, second]);
    });
  });

  describe('invoices', () => {
    it('stores one invoice per order and returns the stored one afterwards', async () => {
      const placed = await order((await newUser()).id, [
        { productId: (await newProduct({ price: 700 })).id, quantity: 2 },
      ]);
      const line = { sku: 'S', name: 'N', quantity: 2, unitPrice: 700, lineTotal: 1_400 };
      const invoice = {
        number: unique('INV'),
        orderId: placed.id,
        userId: placed.userId,
        lines: [line],
        total: 1_400,
        currency: 'INR' as const,
        issuedAt: new Date().toISOString(),
      };
      const stored = await fx.db.invoices.createOnce(invoice);
      expect(stored).toEqual({ ...invoice, id: expect.any(String) });
      const again = await fx.db.invoices.createOnce({ ...invoice, number: unique('INV'), total: 1 });
      expect(again).toEqual(stored);
      await expect(fx.db.invoices.getByOrder(placed.id)).resolves.toEqual(stored);
      await expect(fx.db.invoices.getByOrder(randomUUID())).resolves.toBeUndefined();
    });
  });

  describe('emails', () => {
    const email = (to: string, dedupeKey: string) => ({
      to,
      subject: 'Hello',
      body: 'Body',
      template: 'welcome',
      dedupeKey,
      transport: 'test',
    });

    it('records once per dedupe key', async () => {
      const key = unique('dedupe');
      await expect(fx.db.emails.record(email(`${unique('to')}@example.test`, key))).resolves.toBe(true);
      await expect(fx.db.emails.record(email('other@example.test', key))).resolves.toBe(false);
      const stored = await fx.db.emails.findByDedupeKey(key);
      expect(stored).toMatchObject({
        ...email(stored?.to ?? '', key),
        id: expect.any(String),
        sentAt: expect.any(String),
      });
      expect(stored?.to).not.toBe('other@example.test');
      await expect(fx.db.emails.findByDedupeKey(unique('none'))).resolves.toBeUndefined();
    });

    it('lists newest first, filtered by recipient case-insensitively, up to the limit', async () => {
      const to = `${unique('Inbox')}@Example.test`;
      const keys: string[] = [];
      for (let i = 0; i < 3; i++) {
        keys.push(unique('dedupe'));
        await fx.db.emails.record(email(to, keys[i] ?? ''));
        await tick();
      }
      await fx.db.emails.record(email(`${unique('someone')}@example.test`, unique('dedupe')));
      const mine = await fx.db.emails.list({ to: to.toLowerCase(), limit: 2 });
      expect(mine.map((record) => record.dedupeKey)).toEqual([keys[2], keys[1]]);
      expect((await fx.db.emails.list({ to: to.toUpperCase(), limit: 10 })).length).toBe(3);
      expect((await fx.db.emails.list({ limit: 2 })).length).toBe(2);
    });
  });
}
