import type { Invoice, Order, Product, User } from '../../domain/types.js';
import type { EmailAttachment } from '../../ports/email-transport.js';

/** A rendered message: subject, a plain-text body and the same content as HTML. */
export interface RenderedEmail {
  template: string;
  subject: string;
  /** The plain-text body; this is what the database records. */
  body: string;
  html: string;
  /** Files to send with it (e.g. the invoice PDF of a confirmation). */
  attachments?: readonly EmailAttachment[];
}

/** Formats paise as rupees, e.g. 129900 → "₹1,299.00". */
export function formatInr(paise: number): string {
  return `₹${(paise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/** Wraps HTML paragraphs in the one layout every message shares. */
function page(subject: string, content: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:sans-serif;line-height:1.5">${content}<p style="color:#666">BharatMart</p></body></html>`;
}

function lines(order: Order): string {
  return order.items
    .map((item) => `  ${item.quantity} × ${item.name} (${item.sku}) @ ${formatInr(item.unitPrice)}`)
    .join('\n');
}

function htmlLines(order: Order): string {
  const rows = order.items
    .map(
      (item) =>
        `<tr><td>${item.quantity} ×</td><td>${escapeHtml(item.name)} (${escapeHtml(item.sku)})</td><td style="text-align:right">${formatInr(item.unitPrice)}</td></tr>`,
    )
    .join('');
  return `<table>${rows}</table>`;
}

export function welcomeEmail(user: User): RenderedEmail {
  const subject = 'Welcome to BharatMart';
  return {
    template: 'welcome',
    subject,
    body: `Namaste ${user.name},\n\nYour BharatMart account (${user.email}) is ready. Happy shopping!`,
    html: page(
      subject,
      `<p>Namaste ${escapeHtml(user.name)},</p><p>Your BharatMart account (${escapeHtml(user.email)}) is ready. Happy shopping!</p>`,
    ),
  };
}

/** The file name an invoice PDF is attached under, e.g. `invoice-INV-2026-27-000001.pdf`. */
export function invoiceFileName(invoice: Invoice): string {
  return `invoice-${invoice.number.replace(/[^A-Za-z0-9-]/g, '-')}.pdf`;
}

/** The confirmation of a paid order, with its tax invoice attached as `pdf`. */
export function orderConfirmationEmail(
  user: User,
  order: Order,
  invoice: Invoice,
  pdf: Uint8Array,
): RenderedEmail {
  const subject = `Order ${order.id} confirmed`;
  return {
    template: 'order-confirmation',
    subject,
    body: `Hello ${user.name},\n\nYour order ${order.id} is paid and confirmed:\n${lines(order)}\nTotal: ${formatInr(order.total)}\n\nYour tax invoice ${invoice.number} is attached. We will let you know when it ships.`,
    html: page(
      subject,
      `<p>Hello ${escapeHtml(user.name)},</p><p>Your order ${escapeHtml(order.id)} is paid and confirmed:</p>${htmlLines(order)}<p><strong>Total: ${formatInr(order.total)}</strong></p><p>Your tax invoice ${escapeHtml(invoice.number)} is attached. We will let you know when it ships.</p>`,
    ),
    attachments: [{ filename: invoiceFileName(invoice), contentType: 'application/pdf', content: pdf }],
  };
}

export function shippingEmail(user: User, order: Order): RenderedEmail {
  const subject = `Order ${order.id} has shipped`;
  return {
    template: 'shipping',
    subject,
    body: `Hello ${user.name},\n\nYour order ${order.id} is on its way:\n${lines(order)}`,
    html: page(
      subject,
      `<p>Hello ${escapeHtml(user.name)},</p><p>Your order ${escapeHtml(order.id)} is on its way:</p>${htmlLines(order)}`,
    ),
  };
}

export function lowStockEmail(product: Product): RenderedEmail {
  const subject = `Low stock: ${product.sku}`;
  return {
    template: 'low-stock',
    subject,
    body: `${product.name} (${product.sku}) has ${product.stock} units left.`,
    html: page(
      subject,
      `<p>${escapeHtml(product.name)} (${escapeHtml(product.sku)}) has ${product.stock} units left.</p>`,
    ),
  };
}
