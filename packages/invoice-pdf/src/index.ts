export { renderInvoicePdf } from './render-invoice-pdf.js';
export { formatRupees, indianDate } from './rupees.js';
