import type { NewInvoice } from '../../ports/database.js';
import type { InvoiceLine, Order, SellerDetails } from '../types.js';
import { amountInWords } from './amount-in-words.js';
import { splitInclusiveAmount, supplyTypeOf } from './tax-split.js';

/** An order line's tax data at the time of supply (the product's, when the invoice is issued). */
export interface LineTaxData {
  hsnCode: string;
  gstRatePercent: number;
}

/**
 * The GST tax invoice of a paid order. Each line's tax-inclusive total is split by
 * splitInclusiveAmount at its rate, so every line's taxable value + tax equals its total and the lines
 * add up exactly to the order's total. The place of supply is the shipping address's state, or the
 * seller's own state when the order has no address (an intra-state supply). `taxData` holds the
 * tax data of each item, in the order's item order.
 */
export function buildGstInvoice(input: {
  order: Order;
  taxData: readonly LineTaxData[];
  seller: SellerDetails;
  numberPrefix: string;
  issuedAt: string;
}): NewInvoice {
  const { order, taxData, seller } = input;
  if (taxData.length !== order.items.length) {
    throw new RangeError(`tax data for ${taxData.length} of ${order.items.length} order lines`);
  }
  const placeOfSupply = order.shippingAddress?.stateCode ?? seller.stateCode;
  const supplyType = supplyTypeOf(seller.stateCode, placeOfSupply);
  const lines: InvoiceLine[] = order.items.map((item, index) => {
    const { hsnCode, gstRatePercent } = taxData[index] as LineTaxData;
    const lineTotal = item.unitPrice * item.quantity;
    return {
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      lineTotal,
      hsnCode,
      gstRatePercent,
      ...splitInclusiveAmount(lineTotal, gstRatePercent, supplyType),
    };
  });
  const sum = (key: 'taxableValue' | 'cgst' | 'sgst' | 'igst') =>
    lines.reduce((total, line) => total + (line[key] ?? 0), 0);
  return {
    orderId: order.id,
    userId: order.userId,
    lines,
    total: order.total,
    currency: order.currency,
    issuedAt: input.issuedAt,
    numberPrefix: input.numberPrefix,
    gst: {
      seller,
      placeOfSupply,
      supplyType,
      shippingAddress: order.shippingAddress ?? null,
      totals: { taxableValue: sum('taxableValue'), cgst: sum('cgst'), sgst: sum('sgst'), igst: sum('igst') },
      amountInWords: amountInWords(order.total),
    },
  };
}
