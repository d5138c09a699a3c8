import { describe, expect, it } from '@jest/globals';
import { useJobHarness } from './job-harness.js';

const seller = {
  legalName: 'Asha Traders Private Limited',
  gstin: '27AAPFU0939F1ZV',
  stateCode: '27',
  address: '1 FC Road, Pune, Maharashtra 411004',
};
const h = useJobHarness({ seller, invoicePrefix: 'AT-MH' });

describe('the invoice job', () => {
  it("issues a GST invoice in the configured series with the seller, the product's tax data at issue and the split by state", async () => {
    const product = await h.container.db.products.create({
      sku: `GOLD-${Math.random().toString(36).slice(2, 10)}`,
      name: 'Silver coin 50 g',
      description: '',
      price: 7_210_00,
      currency: 'INR',
      stock: 5,
      category: 'jewellery',
      hsnCode: '711319',
      gstRatePercent: 18,
    });
    const { order } = await h.container.orders.place(h.customer, {
      items: [{ productId: product.id, quantity: 1 }],
      shippingAddress: {
        name: 'Ravi',
        line1: '9 Park Street',
        city: 'Kolkata',
        stateCode: '19',
        pincode: '700016',
        phone: '9830012345',
      },
    });
    // The rate at the time of supply (the invoice's) is the one printed, not the one at ordering.
    await h.container.catalog.update(product.id, { gstRatePercent: 3 });
    await h.run('payment.charge', { orderId: order.id });
    await h.run('order.invoice', { orderId: order.id });

    const invoice = await h.container.db.invoices.getByOrder(order.id);
    expect(invoice?.number).toMatch(/^AT-MH\/\d{2}-\d{2}\/\d{4}$/);
    expect(invoice?.lines).toEqual([
      expect.objectContaining({
        hsnCode: '711319',
        gstRatePercent: 3,
        lineTotal: 7_210_00,
        taxableValue: 7_000_00,
        cgst: 0,
        sgst: 0,
        igst: 210_00,
      }),
    ]);
    expect(invoice?.gst).toEqual({
      seller,
      placeOfSupply: '19',
      supplyType: 'inter-state',
      shippingAddress: expect.objectContaining({ city: 'Kolkata', stateCode: '19' }),
      totals: { taxableValue: 7_000_00, cgst: 0, sgst: 0, igst: 210_00 },
      amountInWords: 'Rupees Seven Thousand Two Hundred Ten Only',
    });
  });
});
