import PDFDocument from 'pdfkit';
import { gstStateName, type Invoice, type InvoiceLine, type ShippingAddress } from '@bharatmart/core';
import { invoiceFonts } from './fonts.js';
import { formatRupees, indianDate } from './rupees.js';

const MARGIN = 40;
const PAGE_WIDTH = 595.28; // A4, points
const CONTENT = PAGE_WIDTH - 2 * MARGIN;
const BOTTOM = 841.89 - MARGIN;

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  cell(line: InvoiceLine, index: number): string;
}

const stateLabel = (code: string) => `${gstStateName(code)} (${code})`;

function addressLines(address: ShippingAddress): string[] {
  return [
    address.name,
    address.line1,
    ...(address.line2 ? [address.line2] : []),
    `${address.city} ${address.pincode}, ${stateLabel(address.stateCode)}`,
    `Phone ${address.phone}`,
  ];
}

/** The item table's columns: CGST and SGST within a state, IGST between states. */
function columns(invoice: Invoice): Column[] {
  const money = (pick: (line: InvoiceLine) => number | undefined) => (line: InvoiceLine) =>
    formatRupees(pick(line) ?? 0);
  const taxColumns: Column[] =
    invoice.gst?.supplyType === 'inter-state'
      ? [{ title: 'IGST', width: 70, align: 'right', cell: money((line) => line.igst) }]
      : [
          { title: 'CGST', width: 55, align: 'right', cell: money((line) => line.cgst) },
          { title: 'SGST', width: 55, align: 'right', cell: money((line) => line.sgst) },
        ];
  const fixed: Column[] = [
    { title: '#', width: 18, align: 'left', cell: (_line, index) => String(index + 1) },
    { title: 'HSN', width: 52, align: 'left', cell: (line) => line.hsnCode || '-' },
    { title: 'Qty', width: 28, align: 'right', cell: (line) => String(line.quantity) },
    { title: 'GST %', width: 36, align: 'right', cell: (line) => String(line.gstRatePercent ?? '-') },
    { title: 'Taxable', width: 68, align: 'right', cell: money((line) => line.taxableValue) },
    ...taxColumns,
    { title: 'Total', width: 68, align: 'right', cell: (line) => formatRupees(line.lineTotal) },
  ];
  const itemWidth = CONTENT - fixed.reduce((sum, column) => sum + column.width, 0);
  const item: Column = {
    title: 'Item',
    width: itemWidth,
    align: 'left',
    cell: (line) => `${line.name}\nSKU ${line.sku}`,
  };
  return [fixed[0] as Column, item, ...fixed.slice(1)];
}

/**
 * Renders an invoice as an A4 PDF tax invoice (pdfkit, DejaVu Sans embedded): the seller with its
 * GSTIN and state, invoice number and date (India time), place of supply, the buyer's address (or
 * a note that the order had none and is a supply within the seller's state), one row per line with
 * HSN code, rate, taxable value and CGST + SGST or IGST, the totals and the amount in words.
 * An invoice issued before GST details were recorded (`gst: null`) is rendered as a plain invoice.
 * Deterministic: the document's dates are the invoice's, so the same invoice gives the same bytes.
 */
export function renderInvoicePdf(invoice: Invoice): Promise<Buffer> {
  const issued = new Date(invoice.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `Invoice ${invoice.number}`,
      Author: invoice.gst?.seller.legalName ?? 'BharatMart',
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const fonts = invoiceFonts();
  // pdfkit takes a parsed fontkit font (anything with `layout`), though its types list only files and bytes.
  doc.registerFont('regular', fonts.regular as unknown as Buffer);
  doc.registerFont('bold', fonts.bold as unknown as Buffer);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const gst = invoice.gst;
  doc
    .font('bold')
    .fontSize(16)
    .text(gst ? 'TAX INVOICE' : 'INVOICE', { align: 'center' });
  doc.moveDown(0.5);

  const top = doc.y;
  const half = CONTENT / 2 - 10;
  if (gst) {
    doc.font('bold').fontSize(10).text(gst.seller.legalName, MARGIN, top, { width: half });
    doc.font('regular').fontSize(9).text(gst.seller.address, { width: half });
    doc.text(`GSTIN: ${gst.seller.gstin}`, { width: half });
    doc.text(`State: ${stateLabel(gst.seller.stateCode)}`, { width: half });
  }
  const leftBottom = doc.y;
  const right = MARGIN + CONTENT / 2 + 10;
  doc.font('regular').fontSize(9);
  doc.text(`Invoice No.: ${invoice.number}`, right, top, { width: half });
  doc.text(`Invoice date: ${indianDate(invoice.issuedAt)}`, { width: half });
  doc.text(`Order: ${invoice.orderId}`, { width: half });
  if (gst) {
    doc.text(`Place of supply: ${stateLabel(gst.placeOfSupply)}`, { width: half });
    doc.text(
      `Supply: ${gst.supplyType === 'intra-state' ? 'intra-state (CGST + SGST)' : 'inter-state (IGST)'}`,
      {
        width: half,
      },
    );
  }
  doc.y = Math.max(leftBottom, doc.y) + 12;

  if (gst) {
    doc.font('bold').fontSize(10).text('Bill to / Ship to', MARGIN, doc.y);
    doc.font('regular').fontSize(9);
    const buyer = gst.shippingAddress
      ? addressLines(gst.shippingAddress)
      : [
          'No shipping address was given with this order.',
          `Invoiced as a supply within the seller's state, ${stateLabel(gst.seller.stateCode)}.`,
        ];
    for (const line of buyer) doc.text(line);
    doc.moveDown(0.8);
  }

  const table = columns(invoice);
  const drawRow = (cells: string[], font: 'regular' | 'bold') => {
    doc.font(font).fontSize(8);
    const heights = table.map((column, i) => doc.heightOfString(cells[i] ?? '', { width: column.width - 4 }));
    const height = Math.max(...heights) + 6;
    if (doc.y + height > BOTTOM) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    table.forEach((column, i) => {
      doc.text(cells[i] ?? '', x + 2, y + 3, { width: column.width - 4, align: column.align });
      x += column.width;
    });
    doc
      .moveTo(MARGIN, y + height)
      .lineTo(MARGIN + CONTENT, y + height)
      .lineWidth(0.5)
      .stroke();
    doc.x = MARGIN;
    doc.y = y + height;
  };
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + CONTENT, doc.y)
    .lineWidth(0.5)
    .stroke();
  drawRow(
    table.map((column) => column.title),
    'bold',
  );
  invoice.lines.forEach((line, index) =>
    drawRow(
      table.map((column) => column.cell(line, index)),
      'regular',
    ),
  );

  doc.moveDown(0.8);
  const totals: [string, number][] = gst
    ? [
        ['Taxable value', gst.totals.taxableValue],
        ...(gst.supplyType === 'inter-state'
          ? ([['IGST', gst.totals.igst]] as [string, number][])
          : ([
              ['CGST', gst.totals.cgst],
              ['SGST', gst.totals.sgst],
            ] as [string, number][])),
      ]
    : [];
  totals.push(['Total (GST included)', invoice.total]);
  for (const [label, amount] of totals) {
    const bold = label.startsWith('Total');
    doc.font(bold ? 'bold' : 'regular').fontSize(bold ? 10 : 9);
    const y = doc.y;
    doc.text(label, MARGIN + CONTENT - 260, y, { width: 160, align: 'right' });
    doc.text(`₹ ${formatRupees(amount)}`, MARGIN + CONTENT - 100, y, { width: 100, align: 'right' });
  }
  doc.x = MARGIN;
  doc.moveDown(0.8);
  if (gst) {
    doc.font('bold').fontSize(9).text('Amount in words: ', MARGIN, doc.y, { continued: true });
    doc.font('regular').text(gst.amountInWords);
  }
  doc.moveDown(1);
  doc
    .font('regular')
    .fontSize(8)
    .text('Prices include GST. Amounts in Indian rupees (₹). This is a computer-generated invoice.', MARGIN);
  doc.end();
  return done;
}
