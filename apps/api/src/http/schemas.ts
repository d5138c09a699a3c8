/** JSON schemas of the API's resources and inputs; routes reference them, OpenAPI publishes them. */

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
    createdAt: timestamp,
    updatedAt: timestamp,
  },
} as const;

const productFields = {
  sku: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
  name: { type: 'string', minLength: 1, maxLength: 200 },
  description: { type: 'string', maxLength: 5000 },
  price: money,
  currency: { type: 'string', enum: ['INR'] },
  stock: { type: 'integer', minimum: 0, maximum: 10_000_000 },
  category: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' },
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
  },
} as const;

export const invoiceSchema = {
  type: 'object',
  required: ['id', 'number', 'orderId', 'userId', 'lines', 'total', 'currency', 'issuedAt'],
  properties: {
    id,
    number: { type: 'string' },
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
          lineTotal: money,
        },
      },
    },
    total: money,
    currency: { type: 'string' },
    issuedAt: timestamp,
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

/** What a checkout page needs to open the provider's checkout for an order. */
export const checkoutSessionSchema = {
  type: 'object',
  required: ['provider', 'keyId', 'providerOrderId', 'amount', 'currency'],
  properties: {
    provider: { type: 'string' },
    keyId: { type: 'string' },
    providerOrderId: { type: 'string' },
    amount: money,
    currency: { type: 'string' },
  },
} as const;

/** A placed order; with a checkout gateway it carries the checkout to pay it with. */
export const placedOrderSchema = {
  ...orderSchema,
  properties: { ...orderSchema.properties, checkout: checkoutSessionSchema },
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
} as const;

/** The answer to a webhook delivery. */
export const webhookOutcomeSchema = {
  type: 'object',
  required: ['outcome'],
  properties: { outcome: { type: 'string', enum: ['recorded', 'unchanged', 'ignored'] } },
} as const;
