import type { Order, Product, User } from '../../domain/types.js';

/** A rendered message: subject and plain-text body. */
export interface RenderedEmail {
  template: string;
  subject: string;
  body: string;
}

/** Formats paise as rupees, e.g. 129900 → "₹1,299.00". */
export function formatInr(paise: number): string {
  return `₹${(paise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function lines(order: Order): string {
  return order.items
    .map((item) => `  ${item.quantity} × ${item.name} (${item.sku}) @ ${formatInr(item.unitPrice)}`)
    .join('\n');
}

export function welcomeEmail(user: User): RenderedEmail {
  return {
    template: 'welcome',
    subject: 'Welcome to BharatMart',
    body: `Namaste ${user.name},\n\nYour BharatMart account (${user.email}) is ready. Happy shopping!`,
  };
}

export function orderConfirmationEmail(user: User, order: Order): RenderedEmail {
  return {
    template: 'order-confirmation',
    subject: `Order ${order.id} received`,
    body: `Hello ${user.name},\n\nWe received your order ${order.id}:\n${lines(order)}\nTotal: ${formatInr(order.total)}\n\nWe will let you know when it ships.`,
  };
}

export function shippingEmail(user: User, order: Order): RenderedEmail {
  return {
    template: 'shipping',
    subject: `Order ${order.id} has shipped`,
    body: `Hello ${user.name},\n\nYour order ${order.id} is on its way:\n${lines(order)}`,
  };
}

export function lowStockEmail(product: Product): RenderedEmail {
  return {
    template: 'low-stock',
    subject: `Low stock: ${product.sku}`,
    body: `${product.name} (${product.sku}) has ${product.stock} units left.`,
  };
}
