import {
  buildGstInvoice,
  DEMO_SELLER,
  financialYearOf,
  formatInvoiceNumber,
  type Invoice,
  type Order,
  type ShippingAddress,
} from '@bharatmart/core';

const ISSUED_AT = '2026-07-14T06:30:00.000Z';

/** A paid order of three demo products (18%, 5% and nil-rated), optionally shipped to `address`. */
function order(address: ShippingAddress | undefined): Order {
  const items = [
    { productId: 'p1', sku: 'ELEC-EARB-002', name: 'boAt Airdopes 141', quantity: 2, unitPrice: 129_900 },
    { productId: 'p2', sku: 'GROC-TEA-002', name: 'Tata Tea Gold 1 kg', quantity: 3, unitPrice: 59_900 },
    { productId: 'p3', sku: 'BOOK-WINGS-003', name: 'Wings of Fire', quantity: 1, unitPrice: 29_900 },
  ];
  return {
    id: 'ord-7f3c9a',
    userId: 'user-1',
    status: 'confirmed',
    paymentStatus: 'paid',
    items,
    total: items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0),
    currency: 'INR',
    ...(address ? { shippingAddress: address } : {}),
    createdAt: ISSUED_AT,
    updatedAt: ISSUED_AT,
  };
}

const TAX = [
  { hsnCode: '851830', gstRatePercent: 18 },
  { hsnCode: '090240', gstRatePercent: 5 },
  { hsnCode: '490199', gstRatePercent: 0 },
];

/** The sample invoice shipped to `address` (none: a supply within the seller's state). */
export function sampleInvoice(address?: ShippingAddress): Invoice {
  const { numberPrefix: _, ...invoice } = buildGstInvoice({
    order: order(address),
    taxData: TAX,
    seller: DEMO_SELLER,
    numberPrefix: 'INV',
    issuedAt: ISSUED_AT,
  });
  return { ...invoice, id: 'inv-1', number: formatInvoiceNumber(financialYearOf(ISSUED_AT), 42, 'INV') };
}

export const CHENNAI: ShippingAddress = {
  name: 'Asha Raman',
  line1: '4 Residency Road',
  line2: 'Flat 2B, Lakshmi Apartments',
  city: 'Chennai',
  stateCode: '33',
  pincode: '600001',
  phone: '+919876543210',
};

export const BENGALURU: ShippingAddress = {
  ...CHENNAI,
  city: 'Bengaluru',
  stateCode: '29',
  pincode: '560025',
};
