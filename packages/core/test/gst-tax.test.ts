import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { amountInWords, numberInIndianWords } from '../src/domain/gst/amount-in-words.js';
import { buildGstInvoice } from '../src/domain/gst/gst-invoice.js';
import { GST_RATES_PERCENT } from '../src/domain/gst/gst-rates.js';
import { GST_STATE_CODES } from '../src/domain/gst/state-codes.js';
import { splitInclusiveAmount } from '../src/domain/gst/tax-split.js';
import type { Order } from '../src/domain/types.js';
import { DEMO_SELLER } from '../src/services/store-settings.js';

const rate = fc.constantFrom(...GST_RATES_PERCENT);
const stateCode = fc.constantFrom(...Object.keys(GST_STATE_CODES));
const line = fc.record({
  unitPrice: fc.integer({ min: 0, max: 100_000_000 }),
  quantity: fc.integer({ min: 1, max: 10_000 }),
  gstRatePercent: rate,
});

function orderOf(lines: { unitPrice: number; quantity: number }[], destination: string | undefined): Order {
  const items = lines.map((l, i) => ({ productId: `p${i}`, sku: `SKU-${i}`, name: `Item ${i}`, ...l }));
  return {
    id: 'order-1',
    userId: 'user-1',
    status: 'confirmed',
    paymentStatus: 'paid',
    items,
    total: items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0),
    currency: 'INR',
    ...(destination
      ? {
          shippingAddress: {
            name: 'A',
            line1: 'B',
            city: 'C',
            stateCode: destination,
            pincode: '560001',
            phone: '9876543210',
          },
        }
      : {}),
    createdAt: '2026-06-01T00:00:00.000Z',
    updatedAt: '2026-06-01T00:00:00.000Z',
  };
}

describe('splitInclusiveAmount', () => {
  it('for any amount and rate: parts add up to the amount, none negative, taxable nearest to amount × 100 / (100 + rate)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), rate, fc.boolean(), (amount, r, intra) => {
        const split = splitInclusiveAmount(amount, r, intra ? 'intra-state' : 'inter-state');
        expect(split.taxableValue + split.cgst + split.sgst + split.igst).toBe(amount);
        for (const part of Object.values(split)) expect(part).toBeGreaterThanOrEqual(0);
        const exact = (amount * 100) / (100 + r);
        expect(Math.abs(split.taxableValue - exact)).toBeLessThanOrEqual(0.5 + amount * 1e-12);
        if (intra) {
          expect(split.igst).toBe(0);
          expect(split.sgst - split.cgst).toBeGreaterThanOrEqual(0);
          expect(split.sgst - split.cgst).toBeLessThanOrEqual(1);
        } else {
          expect(split.cgst + split.sgst).toBe(0);
        }
      }),
    );
  });

  it('splits a worked example: ₹1,180 at 18% is ₹1,000 + ₹180 (₹90 + ₹90 or IGST ₹180)', () => {
    expect(splitInclusiveAmount(118_000, 18, 'intra-state')).toEqual({
      taxableValue: 100_000,
      cgst: 9000,
      sgst: 9000,
      igst: 0,
    });
    expect(splitInclusiveAmount(118_000, 18, 'inter-state')).toEqual({
      taxableValue: 100_000,
      cgst: 0,
      sgst: 0,
      igst: 18_000,
    });
    expect(splitInclusiveAmount(101, 5, 'intra-state')).toEqual({
      taxableValue: 96,
      cgst: 2,
      sgst: 3,
      igst: 0,
    });
    expect(splitInclusiveAmount(999, 0, 'inter-state')).toEqual({
      taxableValue: 999,
      cgst: 0,
      sgst: 0,
      igst: 0,
    });
  });

  it('refuses fractional or negative paise', () => {
    expect(() => splitInclusiveAmount(10.5, 18, 'intra-state')).toThrow(RangeError);
    expect(() => splitInclusiveAmount(-1, 18, 'intra-state')).toThrow(RangeError);
  });
});

describe('buildGstInvoice', () => {
  it('for any cart: Σ taxable + Σ tax = total, each line adds up, components ≥ 0, the split follows the states', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 20 }),
        fc.option(stateCode, { nil: undefined }),
        (lines, destination) => {
          const order = orderOf(lines, destination);
          const invoice = buildGstInvoice({
            order,
            taxData: lines.map((l) => ({ hsnCode: '490199', gstRatePercent: l.gstRatePercent })),
            seller: DEMO_SELLER,
            numberPrefix: 'INV',
            issuedAt: '2026-06-01T00:00:00.000Z',
          });
          const gst = invoice.gst!;
          const { taxableValue, cgst, sgst, igst } = gst.totals;
          expect(taxableValue + cgst + sgst + igst).toBe(order.total);
          for (const l of invoice.lines) {
            expect(l.taxableValue! + l.cgst! + l.sgst! + l.igst!).toBe(l.lineTotal);
            for (const part of [l.taxableValue, l.cgst, l.sgst, l.igst])
              expect(part).toBeGreaterThanOrEqual(0);
          }
          const intra = destination === undefined || destination === DEMO_SELLER.stateCode;
          expect(gst.supplyType).toBe(intra ? 'intra-state' : 'inter-state');
          expect(gst.placeOfSupply).toBe(destination ?? DEMO_SELLER.stateCode);
          if (intra) expect(igst).toBe(0);
          else expect(cgst + sgst).toBe(0);
        },
      ),
    );
  });

  it('records a missing address as null and invoices the supply within the seller state', () => {
    const invoice = buildGstInvoice({
      order: orderOf([{ unitPrice: 59_900, quantity: 1 }], undefined),
      taxData: [{ hsnCode: '090240', gstRatePercent: 5 }],
      seller: DEMO_SELLER,
      numberPrefix: 'INV',
      issuedAt: '2026-06-01T00:00:00.000Z',
    });
    expect(invoice.gst).toMatchObject({
      shippingAddress: null,
      placeOfSupply: '29',
      supplyType: 'intra-state',
    });
    expect(invoice.gst?.amountInWords).toBe('Rupees Five Hundred Ninety Nine Only');
  });
});

describe('amountInWords', () => {
  it('uses thousand, lakh and crore', () => {
    expect(numberInIndianWords(0)).toBe('Zero');
    expect(numberInIndianWords(1_23_45_678)).toBe(
      'One Crore Twenty Three Lakh Forty Five Thousand Six Hundred Seventy Eight',
    );
    expect(numberInIndianWords(100_00_00_000)).toBe('One Hundred Crore');
    expect(amountInWords(1_20_000_50)).toBe('Rupees One Lakh Twenty Thousand and Fifty Paise Only');
    expect(amountInWords(1_01_000_00)).toBe('Rupees One Lakh One Thousand Only');
    expect(amountInWords(5)).toBe('Rupees Zero and Five Paise Only');
  });
});
