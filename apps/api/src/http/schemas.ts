/**
 * JSON schemas of the API's resources and inputs; routes reference them, OpenAPI publishes them. The
 * resources (`$id` User, Product, Order, PlacedOrder, CheckoutSession, Invoice, SavedAddress) are
 * shared schemas (`resourceSchemas`, added to the app), referenced as `{ $ref: 'Product#' }`, so the
 * document names them as components and generated clients get one type per resource. `examples`
 * become the document's examples.
 */
import {
  GST_RATES_PERCENT,
  GST_STATE_CODES,
  HSN_CODE_PATTERN,
  PHONE_PATTERN,
  PINCODE_PATTERN,
  PRODUCT_TOTAL_CAP,
  amountInWords,
} from '@bharatmart/core';

const id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const money = { type: 'integer', minimum: 0, maximum: 100_000_000_000 } as const;
const timestamp = { type: 'string', format: 'date-time' } as const;

const exampleTime = '2026-04-01T09:30:00.000Z';

export const userSchema = {
  $id: 'User',
  type: 'object',
  required: ['id', 'email', 'name', 'role'],
  properties: {
    id,
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['customer', 'admin'] },
  },
  examples: [{ id: 'usr_8f2c1a', email: 'asha@example.in', name: 'Asha', role: 'customer' }],
} as const;

const exampleProduct = {
  id: 'prd_5d1e9b',
  sku: 'GROC-TEA-002',
  name: 'Assam tea, 500 g',
  description: 'Strong CTC tea from Assam',
  price: 59_900,
  currency: 'INR',
  stock: 120,
  category: 'grocery',
  hsnCode: '090240',
  gstRatePercent: 5,
  createdAt: exampleTime,
  updatedAt: exampleTime,
};

export const productSchema = {
  $id: 'Product',
  type: 'object',
  required: [
    'id',
    'sku',
    'name',
    'description',
    'price',
    'currency',
    'stock',
    'category',
    'hsnCode',
    'gstRatePercent',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id,
    sku: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    price: money,
    currency: { type: 'string' },
    stock: { type: 'integer' },
    category: { type: 'string' },
    hsnCode: { type: 'string', description: 'HSN code printed on invoices; empty until classified' },
    gstRatePercent: { type: 'number', description: 'GST rate in percent; the price includes it' },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
  examples: [exampleProduct],
} as const;

const hsnCode = {
  type: 'string',
  pattern: HSN_CODE_PATTERN,
  description: 'HSN code: 4, 6 or 8 digits (empty: not classified)',
} as const;
const gstRatePercent = {
  type: 'number',
  enum: [...GST_RATES_PERCENT],
  description: 'GST rate in percent (the price includes it); default 18',
} as const;

const productFields = {
  sku: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
  name: { type: 'string', minLength: 1, maxLength: 200 },
  description: { type: 'string', maxLength: 5000 },
  price: money,
  currency: { type: 'string', enum: ['INR'] },
  stock: { type: 'integer', minimum: 0, maximum: 10_000_000 },
  category: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' },
  hsnCode,
  gstRatePercent,
} as const;

export const newProductSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sku', 'name', 'price', 'stock', 'category'],
  properties: {
    ...productFields,
    description: { ...productFields.description, default: '' },
    currency: { ...productFields.currency, default: 'INR' },
  },
  examples: [
    {
      sku: 'GROC-TEA-002',
      name: 'Assam tea, 500 g',
      description: 'Strong CTC tea from Assam',
      price: 59_900,
      stock: 120,
      category: 'grocery',
    },
  ],
} as const;

export const productPatchSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: productFields,
  examples: [{ price: 54_900, stock: 80 }],
} as const;

export const productQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    search: { type: 'string', maxLength: 100 },
    category: { type: 'string', maxLength: 64 },
    minPrice: money,
    maxPrice: money,
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
  },
} as const;

export const pageQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
  },
} as const;

const orderItemSchema = {
  type: 'object',
  required: ['productId', 'sku', 'name', 'quantity', 'unitPrice'],
  properties: {
    productId: id,
    sku: { type: 'string' },
    name: { type: 'string' },
    quantity: { type: 'integer' },
    unitPrice: money,
  },
} as const;

const addressProperties = {
  name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
  line1: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
  line2: { type: 'string', maxLength: 200 },
  city: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
  stateCode: {
    type: 'string',
    enum: Object.keys(GST_STATE_CODES),
    description: 'GST state code of the destination, e.g. `29` (Karnataka), `33` (Tamil Nadu)',
  },
  pincode: { type: 'string', pattern: PINCODE_PATTERN, description: '6-digit PIN code' },
  phone: { type: 'string', pattern: PHONE_PATTERN, description: '10 to 15 digits, optional leading +' },
} as const;

/** A shipping address as given: its state is the place of supply of the order's invoice. */
export const shippingAddressSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'line1', 'city', 'stateCode', 'pincode', 'phone'],
  properties: addressProperties,
} as const;

/** A shipping address as stored. */
const shippingAddressOutSchema = {
  type: 'object',
  required: ['name', 'line1', 'city', 'stateCode', 'pincode', 'phone'],
  properties: {
    name: { type: 'string' },
    line1: { type: 'string' },
    line2: { type: 'string' },
    city: { type: 'string' },
    stateCode: { type: 'string' },
    pincode: { type: 'string' },
    phone: { type: 'string' },
  },
} as const;

const exampleAddress = {
  name: 'Asha Raman',
  line1: '4 Residency Road',
  city: 'Bengaluru',
  stateCode: '29',
  pincode: '560025',
  phone: '+919876543210',
};

/** A saved address of the caller's address book. */
export const savedAddressSchema = {
  $id: 'SavedAddress',
  type: 'object',
  required: ['id', ...shippingAddressOutSchema.required, 'createdAt'],
  properties: { id, ...shippingAddressOutSchema.properties, createdAt: timestamp },
  examples: [{ id: 'adr_2c9e41', ...exampleAddress, createdAt: exampleTime }],
} as const;

export const orderSchema = {
  $id: 'Order',
  type: 'object',
  required: [
    'id',
    'userId',
    'status',
    'paymentStatus',
    'items',
    'total',
    'currency',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id,
    userId: id,
    status: { type: 'string', enum: ['pending', 'confirmed', 'shipped', 'cancelled'] },
    paymentStatus: { type: 'string', enum: ['pending', 'paid', 'refunded', 'failed'] },
    items: { type: 'array', items: orderItemSchema },
    total: money,
    currency: { type: 'string' },
    shippingAddress: {
      ...shippingAddressOutSchema,
      description: 'absent when the order was placed without one',
    },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
  examples: [
    {
      id: 'ord_3b7f20',
      userId: 'usr_8f2c1a',
      status: 'pending',
      paymentStatus: 'pending',
      items: [
        {
          productId: 'prd_5d1e9b',
          sku: 'GROC-TEA-002',
          name: 'Assam tea, 500 g',
          quantity: 2,
          unitPrice: 59_900,
        },
      ],
      total: 119_800,
      currency: 'INR',
      shippingAddress: exampleAddress,
      createdAt: exampleTime,
      updatedAt: exampleTime,
    },
  ],
} as const;

export const newOrderSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['productId', 'quantity'],
        properties: { productId: id, quantity: { type: 'integer', minimum: 1, maximum: 1_000_000 } },
      },
    },
    shippingAddress: {
      ...shippingAddressSchema,
      description:
        "where the order goes; its state decides the tax (another state: IGST; the store's: CGST + SGST). Without one the order is invoiced as a supply within the store's state",
    },
  },
  examples: [{ items: [{ productId: 'prd_5d1e9b', quantity: 2 }], shippingAddress: exampleAddress }],
} as const;

const taxSplit = { taxableValue: money, cgst: money, sgst: money, igst: money } as const;

const invoiceGstSchema = {
  type: 'object',
  nullable: true,
  description: 'GST details; null on invoices issued before they were recorded',
  required: ['seller', 'placeOfSupply', 'supplyType', 'shippingAddress', 'totals', 'amountInWords'],
  properties: {
    seller: {
      type: 'object',
      required: ['legalName', 'gstin', 'stateCode', 'address'],
      properties: {
        legalName: { type: 'string' },
        gstin: { type: 'string' },
        stateCode: { type: 'string' },
        address: { type: 'string' },
      },
    },
    placeOfSupply: {
      type: 'string',
      description: "GST state code: the shipping address's, else the store's",
    },
    supplyType: { type: 'string', enum: ['intra-state', 'inter-state'] },
    shippingAddress: {
      ...shippingAddressOutSchema,
      nullable: true,
      description: "null: the order had none, so it is a supply within the store's state",
    },
    totals: { type: 'object', required: Object.keys(taxSplit), properties: taxSplit },
    amountInWords: { type: 'string', description: 'the total in Indian numbering (lakh, crore)' },
  },
} as const;

export const invoiceSchema = {
  $id: 'Invoice',
  type: 'object',
  required: ['id', 'number', 'orderId', 'userId', 'lines', 'total', 'currency', 'issuedAt', 'gst'],
  properties: {
    id,
    number: {
      type: 'string',
      description:
        '`<prefix>/<financial year>/<sequence>`, at most 16 characters (GST rule 46(b)), e.g. `INV/26-27/000001`, unique per financial year. Invoices issued before the 16-character format keep their numbers, e.g. `INV/2026-27/000001`',
    },
    orderId: id,
    userId: id,
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string' },
          name: { type: 'string' },
          quantity: { type: 'integer' },
          unitPrice: money,
          lineTotal: {
            ...money,
            description: 'unitPrice × quantity, GST included = taxableValue + cgst + sgst + igst',
          },
          hsnCode: { type: 'string' },
          gstRatePercent: { type: 'number' },
          ...taxSplit,
        },
      },
    },
    total: money,
    currency: { type: 'string' },
    issuedAt: timestamp,
    gst: invoiceGstSchema,
  },
  examples: [
    {
      id: 'inv_71c0de',
      number: 'INV/26-27/000042',
      orderId: 'ord_3b7f20',
      userId: 'usr_8f2c1a',
      lines: [
        {
          sku: 'GROC-TEA-002',
          name: 'Assam tea, 500 g',
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
      ],
      total: 119_800,
      currency: 'INR',
      issuedAt: exampleTime,
      gst: {
        seller: {
          legalName: 'BharatMart Retail Private Limited',
          gstin: '29AABCB1234F1Z4',
          stateCode: '29',
          address: '12 MG Road, Bengaluru, Karnataka 560001',
        },
        placeOfSupply: '29',
        supplyType: 'intra-state',
        shippingAddress: exampleAddress,
        totals: { taxableValue: 114_095, cgst: 2852, sgst: 2853, igst: 0 },
        amountInWords: amountInWords(119_800),
      },
    },
  ],
} as const;

export const idParamSchema = {
  type: 'object',
  required: ['id'],
  properties: { id },
} as const;

/** A `$ref` to the shared schema `$id`. */
export function ref(schema: { $id: string }): { $ref: string } {
  return { $ref: `${schema.$id}#` };
}

/** One page of a list: `items` of the given schema and the `total` number of matches. */
export function page(items: unknown) {
  return {
    type: 'object',
    required: ['items', 'total'],
    properties: { items: { type: 'array', items }, total: { type: 'integer' } },
  } as const;
}

/**
 * One page of the catalog: `page(Product)` plus `totalCapped`, since the catalog counts at most
 * PRODUCT_TOTAL_CAP matches.
 */
export function productPage(items: unknown) {
  return {
    type: 'object',
    required: ['items', 'total', 'totalCapped'],
    properties: {
      items: { type: 'array', items },
      total: {
        type: 'integer',
        description: `How many products match, counted up to ${PRODUCT_TOTAL_CAP.toLocaleString('en')}; a lower bound when \`totalCapped\``,
      },
      totalCapped: {
        type: 'boolean',
        description: `True when more than ${PRODUCT_TOTAL_CAP.toLocaleString('en')} products match: \`total\` is then at least that many (the larger of the cap and \`offset\` + items on this page), not the exact count`,
      },
    },
  } as const;
}

/** What a checkout page needs to open the provider's checkout for an order. */
export const checkoutSessionSchema = {
  $id: 'CheckoutSession',
  type: 'object',
  required: ['provider', 'keyId', 'providerOrderId', 'amount', 'currency'],
  properties: {
    provider: { type: 'string' },
    keyId: { type: 'string' },
    providerOrderId: { type: 'string' },
    amount: money,
    currency: { type: 'string' },
  },
  examples: [
    {
      provider: 'razorpay',
      keyId: 'rzp_test_1DP5mmOlF5G5ag',
      providerOrderId: 'order_EKwxwAgItmmXdp',
      amount: 119_800,
      currency: 'INR',
    },
  ],
} as const;

const { $id: _orderId, examples: orderExamples, ...orderShape } = orderSchema;

/** A placed order; with a checkout gateway it carries the checkout to pay it with. */
export const placedOrderSchema = {
  ...orderShape,
  $id: 'PlacedOrder',
  properties: { ...orderShape.properties, checkout: ref(checkoutSessionSchema) },
  examples: [{ ...orderExamples[0], checkout: checkoutSessionSchema.examples[0] }],
} as const;

const razorpayId = (prefix: string) =>
  ({ type: 'string', minLength: 1, maxLength: 64, pattern: `^${prefix}_[A-Za-z0-9]+$` }) as const;

/** What Razorpay Standard Checkout hands the page after a payment, posted back as it is. */
export const checkoutCallbackSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['razorpay_order_id', 'razorpay_payment_id', 'razorpay_signature'],
  properties: {
    razorpay_order_id: razorpayId('order'),
    razorpay_payment_id: razorpayId('pay'),
    razorpay_signature: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[0-9a-f]+$' },
  },
  examples: [
    {
      razorpay_order_id: 'order_EKwxwAgItmmXdp',
      razorpay_payment_id: 'pay_29QQoUBi66xm2f',
      razorpay_signature: '9ef4dffbfd84f1318f6739a3ce19f9d85851857ae648f114332d8401e0949a3d',
    },
  ],
} as const;

/** The answer to a webhook delivery. */
export const webhookOutcomeSchema = {
  type: 'object',
  required: ['outcome'],
  properties: { outcome: { type: 'string', enum: ['recorded', 'unchanged', 'ignored'] } },
  examples: [{ outcome: 'recorded' }],
} as const;

/** The shared resource schemas, to add to the app before the routes that reference them. */
export const resourceSchemas = [
  userSchema,
  productSchema,
  orderSchema,
  invoiceSchema,
  checkoutSessionSchema,
  placedOrderSchema,
  savedAddressSchema,
];
