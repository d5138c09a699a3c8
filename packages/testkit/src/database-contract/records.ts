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
    /**
     * An instant in a financial year no other run uses, so its sequence starts at 1, and that year as
     * invoice numbers spell it (`26-27`). Numbers keep only two digits of each year, so the tests also
     * number under random prefixes, which keep them apart from other runs' on a shared database.
     */
    const unusedFinancialYear = () => {
      const year = 2100 + Math.floor(Math.random() * 7_800);
      const twoDigits = (value: number) => String(value % 100).padStart(2, '0');
      return { issuedAt: `${year}-06-15T10:00:00.000Z`, year: `${twoDigits(year)}-${twoDigits(year + 1)}` };
    };
    /** `length` random capital letters. */
    const randomPrefix = (length: number) =>
      Array.from({ length }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join('');
    const line = { sku: 'S', name: 'N', quantity: 1, unitPrice: 700, lineTotal: 700 };
    const invoiceOf = (placed: { id: string; userId: string }, issuedAt: string, numberPrefix: string) => ({
      orderId: placed.id,
      userId: placed.userId,
      lines: [line],
      total: 700,
      currency: 'INR' as const,
      issuedAt,
      numberPrefix,
      gst: null,
    });
    const withoutPrefix = ({ numberPrefix: _, ...invoice }: ReturnType<typeof invoiceOf>) => invoice;

    it('stores one invoice per order, numbered in 16 characters, and returns the stored one afterwards', async () => {
      const placed = await order((await newUser()).id, [
        { productId: (await newProduct({ price: 700 })).id, quantity: 1 },
      ]);
      const { issuedAt, year } = unusedFinancialYear();
      const prefix = randomPrefix(3);
      const invoice = invoiceOf(placed, issuedAt, prefix);
      const stored = await fx.db.invoices.createOnce(invoice);
      expect(stored).toEqual({
        ...withoutPrefix(invoice),
        id: expect.any(String),
        number: `${prefix}/${year}/000001`,
      });
      const again = await fx.db.invoices.createOnce({
        ...invoice,
        total: 1,
        issuedAt: new Date().toISOString(),
      });
      expect(again).toEqual(stored);
      await expect(fx.db.invoices.getByOrder(placed.id)).resolves.toEqual(stored);
      await expect(fx.db.invoices.getByOrder(randomUUID())).resolves.toBeUndefined();
    });

    it('numbers concurrent invoices of N orders 1..N, each order once however often it is issued', async () => {
      const user = await newUser();
      const product = await newProduct({ price: 700, stock: 100 });
      const orders = [];
      for (let i = 0; i < 8; i++) orders.push(await order(user.id, [{ productId: product.id, quantity: 1 }]));
      const { issuedAt, year } = unusedFinancialYear();
      const prefix = randomPrefix(3);
      // Every order twice, all at once: concurrent issuers and a retried job for the same order.
      const issued = await Promise.all(
        [...orders, ...orders].map((placed) =>
          fx.db.invoices.createOnce(invoiceOf(placed, issuedAt, prefix)),
        ),
      );
      const numbers = orders.map((placed) => issued.find((invoice) => invoice.orderId === placed.id)?.number);
      expect([...numbers].sort()).toEqual(orders.map((_, i) => `${prefix}/${year}/00000${i + 1}`));
      for (const invoice of issued) {
        expect(invoice.number).toBe(numbers[orders.findIndex((placed) => placed.id === invoice.orderId)]);
      }

      // A refused insert (no such order) leaves no gap: the next invoice takes the next number.
      await expect(
        fx.db.invoices.createOnce(invoiceOf({ id: randomUUID(), userId: user.id }, issuedAt, prefix)),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const next = await order(user.id, [{ productId: product.id, quantity: 1 }]);
      await expect(fx.db.invoices.createOnce(invoiceOf(next, issuedAt, prefix))).resolves.toMatchObject({
        number: `${prefix}/${year}/000009`,
      });
    });

    it('refuses a number longer than 16 characters, leaving no gap for the next, shorter prefix', async () => {
      const user = await newUser();
      const product = await newProduct({ price: 700, stock: 100 });
      const first = [];
      for (let i = 0; i < 9; i++) first.push(await order(user.id, [{ productId: product.id, quantity: 1 }]));
      const tenth = await order(user.id, [{ productId: product.id, quantity: 1 }]);
      const { issuedAt, year } = unusedFinancialYear();
      // Eight characters (more than a store may configure) leave one sequence digit: 9 invoices a year.
      const long = randomPrefix(8);
      const issued = await Promise.all(
        first.map((placed) => fx.db.invoices.createOnce(invoiceOf(placed, issuedAt, long))),
      );
      expect(issued.map((invoice) => invoice.number).sort()).toEqual(
        first.map((_, i) => `${long}/${year}/${i + 1}`),
      );

      await expect(fx.db.invoices.createOnce(invoiceOf(tenth, issuedAt, long))).rejects.toMatchObject({
        name: 'InvoiceNumberOverflowError',
        sequence: 10,
        message: expect.stringContaining('INVOICE_NUMBER_PREFIX'),
      });
      await expect(fx.db.invoices.getByOrder(tenth.id)).resolves.toBeUndefined();
      const shorter = long.slice(1);
      await expect(fx.db.invoices.createOnce(invoiceOf(tenth, issuedAt, shorter))).resolves.toMatchObject({
        number: `${shorter}/${year}/10`,
      });
    });

    it('stores the GST details as given and numbers every series prefix from one sequence per year', async () => {
      const user = await newUser();
      const product = await newProduct({ price: 700, stock: 100 });
      const orders = [];
      for (let i = 0; i < 6; i++) orders.push(await order(user.id, [{ productId: product.id, quantity: 1 }]));
      const { issuedAt, year } = unusedFinancialYear();
      const prefixes = [randomPrefix(3), `${randomPrefix(2)}-${randomPrefix(2)}`];
      const address = {
        name: 'Asha Rao',
        line1: '4 Residency Road',
        city: 'Chennai',
        stateCode: '33',
        pincode: '600001',
        phone: '9876543210',
      };
      const gst = {
        seller: {
          legalName: 'Seller Pvt Ltd',
          gstin: '29AABCB1234F1Z4',
          stateCode: '29',
          address: 'Bengaluru',
        },
        placeOfSupply: '33',
        supplyType: 'inter-state' as const,
        shippingAddress: address,
        totals: { taxableValue: 667, cgst: 0, sgst: 0, igst: 33 },
        amountInWords: 'Rupees Seven Only',
      };
      const taxedLine = {
        ...line,
        hsnCode: '090240',
        gstRatePercent: 5,
        taxableValue: 667,
        cgst: 0,
        sgst: 0,
        igst: 33,
      };
      // Two series at once (a prefix changed while invoices were being issued): still one sequence,
      // each number padded to the 16 characters its prefix leaves room for.
      const issued = await Promise.all(
        orders.map((placed, i) =>
          fx.db.invoices.createOnce({
            ...invoiceOf(placed, issuedAt, prefixes[i % 2] ?? ''),
            lines: [taxedLine],
            gst,
          }),
        ),
      );
      const sequences = issued.map((invoice) =>
        Number(invoice.number.slice(invoice.number.lastIndexOf('/') + 1)),
      );
      expect(sequences.sort()).toEqual([1, 2, 3, 4, 5, 6]);
      issued.forEach((invoice, i) => {
        expect(invoice.number.startsWith(`${prefixes[i % 2]}/${year}/`)).toBe(true);
        expect(invoice.number).toHaveLength(16);
      });
      await expect(fx.db.invoices.getByOrder(orders[1]?.id ?? '')).resolves.toEqual({
        ...issued[1],
        lines: [taxedLine],
        gst,
      });
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
