import { describe, expect, it } from '@jest/globals';
import type { Invoice, Order, Product, User } from '../src/domain/types.js';
import type { RenderedEmail } from '../src/jobs/handlers/email-templates.js';
import {
  lowStockEmail,
  orderConfirmationEmail,
  shippingEmail,
  welcomeEmail,
} from '../src/jobs/handlers/email-templates.js';

const at = '2026-12-06T10:00:00.000Z';
const hostile = '<script>alert("x")</script> & Sons';
const user: User = { id: 'u1', email: 'ravi@example.in', name: hostile, role: 'customer', createdAt: at };
const product: Product = {
  id: 'p1',
  sku: 'GROC-TEA-002',
  name: hostile,
  description: '',
  price: 59_900,
  currency: 'INR',
  stock: 3,
  category: 'grocery',
  hsnCode: '090240',
  gstRatePercent: 5,
  createdAt: at,
  updatedAt: at,
};
const order: Order = {
  id: 'o1',
  userId: 'u1',
  status: 'pending',
  paymentStatus: 'pending',
  items: [{ productId: 'p1', sku: 'GROC-TEA-002', name: hostile, quantity: 2, unitPrice: 59_900 }],
  total: 119_800,
  currency: 'INR',
  createdAt: at,
  updatedAt: at,
};

const invoice: Invoice = {
  id: 'i1',
  number: 'INV/26-27/000001',
  orderId: 'o1',
  userId: 'u1',
  lines: [],
  total: 119_800,
  currency: 'INR',
  issuedAt: at,
  gst: null,
};
const pdf = new TextEncoder().encode('%PDF-1.3 stand-in bytes');

describe('email templates', () => {
  const rendered = [
    welcomeEmail(user),
    orderConfirmationEmail(user, order, invoice, pdf),
    shippingEmail(user, order),
    lowStockEmail(product),
  ];

  it.each(rendered.map((email): [string, RenderedEmail] => [email.template, email]))(
    '%s has a plain-text body and an HTML page with the same content, user text escaped',
    (_template, email) => {
      expect(email.body.length).toBeGreaterThan(0);
      expect(email.html).toMatch(/^<!doctype html>/);
      expect(email.body).toContain(hostile);
      expect(email.html).not.toContain('<script>');
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons');
    },
  );

  it('shows the order total in rupees in both bodies', () => {
    const confirmation = orderConfirmationEmail(user, order, invoice, pdf);
    expect(confirmation.body).toContain('Total: ₹1,198.00');
    expect(confirmation.html).toContain('Total: ₹1,198.00');
  });

  it('attaches the invoice under a file name without slashes and names its number in both bodies', () => {
    const confirmation = orderConfirmationEmail(user, order, invoice, pdf);
    expect(confirmation.attachments).toEqual([
      { filename: 'invoice-INV-26-27-000001.pdf', contentType: 'application/pdf', content: pdf },
    ]);
    expect(confirmation.body).toContain('Your tax invoice INV/26-27/000001 is attached');
    expect(confirmation.html).toContain('Your tax invoice INV/26-27/000001 is attached');
  });
});
