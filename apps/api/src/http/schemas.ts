/** JSON schemas of the API's resources and inputs; routes reference them, OpenAPI publishes them. */
import {
  GST_RATES_PERCENT,
  GST_STATE_CODES,
  HSN_CODE_PATTERN,
  PHONE_PATTERN,
  PINCODE_PATTERN,
} from '@bharatmart/core';

const id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const money = { type: 'integer', minimum: 0, maximum: 100_000_000_000 } as const;
const timestamp = { type: 'string', format: 'date-time' } as const;

export const userSchema = {
  type: 'object',
  required: ['id', 'email', 'name', 'role'],
  properties: {
    id,
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['customer', 'admin'] },
  },
} as const;

export const productSchema = {
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
} as const;

export const productPatchSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: productFields,
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

export const orderItemSchema = {
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

export const savedAddressSchema = {
  type: 'object',
  required: ['id', ...shippingAddressOutSchema.required, 'createdAt'],
  properties: { id, ...shippingAddressOutSchema.properties, createdAt: timestamp },
} as const;

export const orderSchema = {
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
  type: 'object',
  required: ['id', 'number', 'orderId', 'userId', 'lines', 'total', 'currency', 'issuedAt', 'gst'],
  properties: {
    id,
    number: {
      type: 'string',
      description: '`<prefix>/<financial year>/<sequence>`, e.g. `INV/2026-27/000001`',
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
} as const;

export const idParamSchema = {
  type: 'object',
  required: ['id'],
  properties: { id },
} as const;

/** Responses of an operation: the success schema plus the shared error shape for each status. */
export function responses(success: Record<number, unknown>, ...errors: number[]): Record<number, unknown> {
  return { ...success, ...Object.fromEntries(errors.map((status) => [status, { $ref: 'Error#' }])) };
}

export function page(items: unknown) {
  return {
    type: 'object',
    required: ['items', 'total'],
    properties: { items: { type: 'array', items }, total: { type: 'integer' } },
  } as const;
}
