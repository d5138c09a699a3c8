import { execFileSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { renderInvoicePdf } from '../src/index.js';
import { BENGALURU, CHENNAI, sampleInvoice } from './sample-invoices.js';

/** The PDF's text as poppler's pdftotext extracts it, in reading layout. */
function textOf(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
}

describe('renderInvoicePdf', () => {
  it('prints an inter-state invoice with IGST, seller GSTIN, HSN codes, totals and the amount in words', async () => {
    const invoice = sampleInvoice(CHENNAI);
    const pdf = await renderInvoicePdf(invoice);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = textOf(pdf);
    for (const expected of [
      'TAX INVOICE',
      'BharatMart Demo Retail Private Limited',
      'GSTIN: 29AABCB1234F1Z4',
      'Invoice No.: INV/26-27/000042',
      'Invoice date: 14-07-2026',
      'Place of supply: Tamil Nadu (33)',
      'inter-state (IGST)',
      'Asha Raman',
      'Chennai 600001, Tamil Nadu (33)',
      '851830',
      '090240',
      '490199',
      'IGST',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('CGST');
    const gst = invoice.gst!;
    expect(text).toContain(`₹ ${format(gst.totals.taxableValue)}`);
    expect(text).toContain(`₹ ${format(gst.totals.igst)}`);
    expect(text).toContain(`₹ ${format(invoice.total)}`);
    expect(text.replace(/\s+/g, ' ')).toContain(gst.amountInWords);
  });

  it('prints an intra-state invoice with CGST and SGST and no IGST', async () => {
    const invoice = sampleInvoice(BENGALURU);
    const text = textOf(await renderInvoicePdf(invoice));
    expect(text).toContain('Place of supply: Karnataka (29)');
    expect(text).toContain('intra-state (CGST + SGST)');
    expect(text).toContain(`₹ ${format(invoice.gst!.totals.cgst)}`);
    expect(text).toContain(`₹ ${format(invoice.gst!.totals.sgst)}`);
    expect(text).not.toContain('IGST');
  });

  it('says so when the order had no address: a supply within the seller state', async () => {
    const text = textOf(await renderInvoicePdf(sampleInvoice()));
    expect(text).toContain('No shipping address was given with this order.');
    expect(text.replace(/\s+/g, ' ')).toContain(
      "Invoiced as a supply within the seller's state, Karnataka (29).",
    );
  });

  it('renders an invoice issued before GST details were recorded as a plain invoice', async () => {
    const text = textOf(await renderInvoicePdf({ ...sampleInvoice(), gst: null }));
    expect(text).toContain('INVOICE');
    expect(text).not.toContain('TAX INVOICE');
    expect(text).toContain('Total (GST included)');
  });

  it('gives the same bytes for the same invoice', async () => {
    const invoice = sampleInvoice(CHENNAI);
    expect((await renderInvoicePdf(invoice)).equals(await renderInvoicePdf(invoice))).toBe(true);
  });
});

function format(paise: number): string {
  return new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    paise / 100,
  );
}
